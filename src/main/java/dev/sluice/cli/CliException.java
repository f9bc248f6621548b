package dev.sluice.cli;

/**
 * A command that failed: {@code Main} prints the {@link #details()} (such as every problem of a
 * configuration file, one per line), then {@code sluice: MESSAGE} (one line) on standard error,
 * and exits with {@link #exitCode()}.
 *
 * <p>Threading: immutable.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The exit status of a command that failed. */
    public static final int FAILED = 1;

    private final int exitCode;
    private final transient java.util.List<String> details;

    public CliException(String message) {
        this(message, java.util.List.of());
    }

    public CliException(String message, java.util.List<String> details) {
        super(message, null, false, false);
        this.exitCode = FAILED;
        this.details = java.util.List.copyOf(details);
    }

    /** Lines to print before the message. */
    public java.util.List<String> details() {
        return details;
    }

    public int exitCode() {
        return exitCode;
    }
}
