package dev.sluice.core.alarm;

/**
 * Reads the current use of the watched resources. Production uses {@link SystemResourceProbe};
 * tests use a probe whose values they set, so no test has to fill a disk or the heap.
 *
 * <p>Threading: called from the housekeeping scheduler's thread; implementations must be cheap
 * (called once per check interval) and must not block for long.
 */
public interface ResourceProbe {
    /** Bytes of memory held by message bodies (and frames being read or written). */
    long messageMemoryBytes();

    /**
     * Bytes free for the store on the data directory's file system.
     *
     * @throws java.io.UncheckedIOException when the file system cannot be asked
     */
    long diskFreeBytes();

    /** Where the disk figure comes from, for log lines (a path). */
    String diskLocation();
}
