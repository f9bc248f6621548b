package dev.sluice.store;

/**
 * Told by a disk store when its writes start failing (a full disk, an I/O error) and when one
 * succeeds again, so that the broker can raise its disk alarm and block publishers instead of
 * letting unconfirmed messages pile up in memory while the writer retries.
 *
 * <p>Threading: called from the store's writer thread; implementations must not block.
 */
public interface StorageHealth {
    /** For stores whose health nobody watches (tests, tools). */
    StorageHealth IGNORED = new StorageHealth() {
        @Override
        public void writeFailed(RuntimeException cause) {
        }

        @Override
        public void writeRecovered() {
        }
    };

    /** A write failed; the store keeps the changes and tries again. Called for every failed attempt. */
    void writeFailed(RuntimeException cause);

    /** A write succeeded after one or more failures. */
    void writeRecovered();
}
