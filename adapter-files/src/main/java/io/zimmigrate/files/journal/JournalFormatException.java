package io.zimmigrate.files.journal;

/**
 * The journal was written in another format than the one this version reads (an older zim-migrate, or a newer
 * one): it is refused rather than read with rules it was not written under. The message names both versions.
 */
public final class JournalFormatException extends JournalException {
    public JournalFormatException(String message) {
        super(message);
    }
}
