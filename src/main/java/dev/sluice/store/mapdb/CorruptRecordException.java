package dev.sluice.store.mapdb;

/**
 * A stored record could not be read: it is cut short, has an unknown type tag or comes from a
 * codec version this Sluice does not know.
 *
 * <p>Threading: immutable.
 */
public final class CorruptRecordException extends RuntimeException {
    public CorruptRecordException(String message) {
        super(message);
    }
}
