package io.zimmigrate.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.Cli;
import io.zimmigrate.cli.ExitCodes;
import io.zimmigrate.core.port.MessageSourceProvider;
import io.zimmigrate.files.jsonl.JsonlSource;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --plugins DIR} and {@code ZIM_MIGRATE_PLUGINS}: a source format in a jar that is not on the class path
 * (compiled here, as a user would build it) is found through ServiceLoader.
 */
public class PluginsTest {
    private static final Path EXAMPLE = Path.of("").toAbsolutePath().getParent().resolve("docs/examples/history.jsonl");

    @TempDir
    Path dir;

    private Path pluginDir() throws Exception {
        return pluginDir(dir);
    }

    /** A folder under {@code dir} holding one plugin jar with the format {@code plugged} (JSON Lines, compiled here). */
    public static Path pluginDir(Path dir) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/example"));
        Files.writeString(src.resolve("PluggedFormat.java"), """
                package example;
                public final class PluggedFormat implements io.zimmigrate.core.port.MessageSourceProvider {
                    public String formatName() { return "plugged"; }
                    public String description() { return "canonical JSON Lines, from a plugin"; }
                    public io.zimmigrate.core.port.MessageSource open(String location, java.util.Map<String, String> o) {
                        return new io.zimmigrate.files.jsonl.JsonlSource(java.nio.file.Path.of(location));
                    }
                }
                """);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String classPath = Path.of(MessageSourceProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                + java.io.File.pathSeparator
                + Path.of(JsonlSource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "-d", classes.toString(), "-cp", classPath,
                src.resolve("PluggedFormat.java").toString());
        assertThat(compiled).isZero();
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(plugins.resolve("plugged.jar")))) {
            jar.putNextEntry(new JarEntry("example/PluggedFormat.class"));
            jar.write(Files.readAllBytes(classes.resolve("example/PluggedFormat.class")));
            jar.putNextEntry(new JarEntry("META-INF/services/" + MessageSourceProvider.class.getName()));
            jar.write("example.PluggedFormat\n".getBytes(StandardCharsets.UTF_8));
        }
        return plugins;
    }

    @Test
    void aFormatInAPluginJarIsFoundByFlagOrVariable() throws Exception {
        Path plugins = pluginDir();
        List<String> args = List.of("validate", EXAMPLE.toString(), "--now", "2024-11-20T00:00:00Z", "--format", "plugged");

        Cli.Result without = new Cli().run(args.toArray(String[]::new));
        assertThat(without.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(without.err()).contains("unknown input format 'plugged'");

        Cli.Result byFlag = new Cli().run(concat(args, "--plugins", plugins.toString()));
        assertThat(byFlag.exit()).as(byFlag.toString()).isEqualTo(ExitCodes.OK);
        assertThat(byFlag.out()).contains("Read 9 records");

        Cli.Result byVariable = new Cli().env(Map.of(Plugins.VARIABLE, plugins.toString())).run(args.toArray(String[]::new));
        assertThat(byVariable.exit()).as(byVariable.toString()).isEqualTo(ExitCodes.OK);

        Cli.Result missing = new Cli().run(concat(args, "--plugins", dir.resolve("nowhere").toString()));
        assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.errLines()).hasSize(1);
    }

    private static String[] concat(List<String> args, String... more) {
        return java.util.stream.Stream.concat(args.stream(), java.util.Arrays.stream(more)).toArray(String[]::new);
    }
}
