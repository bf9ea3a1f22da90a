package io.zimmigrate.cli.config;

import io.zimmigrate.cli.UserException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code --plugins DIR} (or {@code ZIM_MIGRATE_PLUGINS}): the jars in DIR join the class path of the sources, so
 * {@code java -jar zim-migrate.jar}, which cannot take a class path, still finds a custom format through
 * ServiceLoader (docs/sources.md).
 */
public final class Plugins {
    public static final String VARIABLE = "ZIM_MIGRATE_PLUGINS";

    private Plugins() {}

    /** A loader seeing every jar in {@code dir} and, behind them, this tool's own classes. */
    public static ClassLoader loader(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserException("plugin directory " + dir + " does not exist or is not a directory");
        }
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path jar : files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                jars.add(jar.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new UserException("plugin directory " + dir + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UserException("cannot list the plugin directory " + dir + ": " + e.getMessage());
        }
        return new URLClassLoader(jars.toArray(URL[]::new), Plugins.class.getClassLoader());
    }
}
