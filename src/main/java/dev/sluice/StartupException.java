package dev.sluice;

/**
 * Sluice could not start: a missing configuration file, a data directory that cannot be created,
 * a port that cannot be bound. The message is one line that says what and where.
 *
 * <p>Threading: immutable once thrown.
 */
public final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
