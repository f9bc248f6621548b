package dev.sluice.cli;

/**
 * A command that failed: {@code Main} prints {@code sluice: MESSAGE} (one line) on standard error
 * and exits with {@link #exitCode()}.
 *
 * <p>Threading: immutable.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The exit status of a command that failed. */
    public static final int FAILED = 1;

    private final int exitCode;

    public CliException(String message) {
        this(message, FAILED);
    }

    public CliException(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
