package io.zimmigrate.core.port;

/**
 * The whole source cannot be read (file missing, archive truncated, required part absent). The message names
 * the file and the position and is meant for the user as it is; the CLI prints it and exits 2.
 */
public class SourceException extends RuntimeException {
    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
