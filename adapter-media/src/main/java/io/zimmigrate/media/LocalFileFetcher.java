package io.zimmigrate.media;

import io.zimmigrate.core.port.MediaFetcher;
import io.zimmigrate.core.port.MediaUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads originals from this machine: a {@code file:} URI or an absolute path, and a file inside a zip export as
 * {@code jar:file:/path/export.zip!/data/x.png} (how a Mattermost bulk export's {@code data/} attachments are
 * referenced). Each zip is opened once and kept open until {@link #close()}.
 */
public final class LocalFileFetcher implements MediaFetcher, AutoCloseable {

    private final Map<Path, ZipFile> zips = new ConcurrentHashMap<>();

    @Override
    public boolean handles(String source) {
        return source.startsWith("file:") || source.startsWith("jar:file:") || source.startsWith("/");
    }

    @Override
    public Original open(String source) throws IOException {
        if (source.startsWith("jar:file:")) {
            int bang = source.indexOf("!/");
            if (bang < 0) {
                throw new MediaUnavailableException("a jar: reference needs '!/' before the entry name");
            }
            Path zip = Path.of(URI.create(source.substring("jar:".length(), bang)));
            String entryName = source.substring(bang + 2);
            ZipFile file = zipOf(zip);
            ZipEntry entry = file.getEntry(entryName);
            if (entry == null || entry.isDirectory()) {
                throw new MediaUnavailableException("no entry " + entryName + " in " + zip.getFileName());
            }
            return original(file.getInputStream(entry), entry.getSize());
        }
        // The export root is URI-encoded, the attachment path after it is raw: a space there is the usual case.
        Path path = source.startsWith("/") ? Path.of(source) : Path.of(URI.create(source.replace(" ", "%20")));
        try {
            long size = Files.size(path);
            return original(Files.newInputStream(path), size);
        } catch (NoSuchFileException e) {
            throw new MediaUnavailableException("no such file");
        }
    }

    private ZipFile zipOf(Path zip) throws IOException {
        ZipFile open = zips.get(zip);
        if (open != null) {
            return open;
        }
        if (!Files.isRegularFile(zip)) {
            throw new MediaUnavailableException("no such archive");
        }
        synchronized (zips) {
            open = zips.get(zip);
            if (open == null) {
                open = new ZipFile(zip.toFile());
                zips.put(zip, open);
            }
            return open;
        }
    }

    private static Original original(InputStream in, long size) {
        return new Original() {
            @Override
            public InputStream content() {
                return in;
            }

            @Override
            public OptionalLong size() {
                return size >= 0 ? OptionalLong.of(size) : OptionalLong.empty();
            }

            @Override
            public String contentType() {
                return null;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    @Override
    public void close() throws IOException {
        for (ZipFile z : zips.values()) {
            z.close();
        }
        zips.clear();
    }
}
