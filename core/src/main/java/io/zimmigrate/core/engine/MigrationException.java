package io.zimmigrate.core.engine;

/** The migration cannot start as configured (a journal of another input, an unreadable source). For the user as is. */
public class MigrationException extends RuntimeException {
    public MigrationException(String message) {
        super(message);
    }
}
