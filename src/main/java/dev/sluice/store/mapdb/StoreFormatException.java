package dev.sluice.store.mapdb;

import dev.sluice.store.StoreException;

/**
 * The data directory cannot be used by this Sluice: it was written by a newer version, it has no
 * format stamp, or it cannot be read or migrated. The message says which and what to do.
 *
 * <p>Threading: immutable.
 */
public final class StoreFormatException extends StoreException {
    public StoreFormatException(String message) {
        super(message);
    }

    public StoreFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
