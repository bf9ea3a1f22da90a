package io.zimmigrate.cli;

/**
 * A problem the user can fix (an unreadable secret file, an unwritable output file), found while a command runs.
 * Its message is shown as it is, on one line, and the command exits {@value ExitCodes#USAGE}.
 */
public final class UserException extends RuntimeException {
    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }
}
