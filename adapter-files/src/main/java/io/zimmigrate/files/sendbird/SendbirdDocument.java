package io.zimmigrate.files.sendbird;

import io.zimmigrate.core.port.SourceException;
import io.zimmigrate.files.support.TextInput;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * One JSON file of a Sendbird export: a file on disk, or an entry of a downloaded zip. Opened afresh for every
 * pass, so nothing stays open between passes.
 *
 * @param file    the file on disk: the JSON file itself, or the zip holding it
 * @param entry   the zip entry's name, or null for a plain file
 * @param shownAs how messages name it: {@code path} or {@code export.zip!entry}
 */
record SendbirdDocument(Path file, String entry, String shownAs) {

    static SendbirdDocument plain(Path file, String shownAs) {
        return new SendbirdDocument(file, null, shownAs);
    }

    static SendbirdDocument inZip(Path zip, String zipShownAs, String entry) {
        return new SendbirdDocument(zip, entry, zipShownAs + "!" + entry);
    }

    /** The bytes of the document; {@link SourceException} naming it when it cannot be opened. */
    InputStream open() {
        if (entry == null) {
            return TextInput.open(file, shownAs);
        }
        ZipFile zip = openZip(file, shownAs.substring(0, shownAs.length() - entry.length() - 1));
        try {
            ZipEntry found = zip.getEntry(entry);
            if (found == null) {
                throw new SourceException("cannot read " + shownAs + ": no such entry");
            }
            return new FilterInputStream(zip.getInputStream(found)) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        zip.close();
                    }
                }
            };
        } catch (IOException | RuntimeException e) {
            TextInput.closeQuietly(zip);
            if (e instanceof SourceException se) {
                throw se;
            }
            throw new SourceException("cannot read " + shownAs + ": " + e.getMessage(), e);
        }
    }

    static ZipFile openZip(Path zip, String shownAs) {
        try {
            return new ZipFile(zip.toFile());
        } catch (ZipException e) {
            throw new SourceException("cannot read the Sendbird export " + shownAs + ": it is not a complete zip file ("
                    + e.getMessage() + "); the download may have been cut short, so download it again", e);
        } catch (IOException e) {
            throw new SourceException("cannot read the Sendbird export " + shownAs + ": " + e.getMessage(), e);
        }
    }
}
