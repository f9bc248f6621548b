package dev.sluice.store;

/**
 * A store could not be opened or used: its files are locked by another broker, damaged, or of a
 * format this Sluice cannot read. The message names the directory and what to do.
 *
 * <p>Threading: immutable.
 */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
