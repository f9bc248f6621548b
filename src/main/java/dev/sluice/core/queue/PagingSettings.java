package dev.sluice.core.queue;

/**
 * When durable queues keep messages in the store only, and how much they read back at a time.
 *
 * @param memoryBudget bytes of messages (bodies plus {@link MemoryBudget#MESSAGE_OVERHEAD} each)
 *        that all queues together hold in memory before durable queues page new persistent
 *        messages out; {@code Long.MAX_VALUE}: never
 * @param windowEntries a queue's head window: the ready messages it keeps in memory in front of
 *        what it has paged out. It reads more from the store when the window falls below half
 *        of this many entries (and half of {@code windowBytes}), up to the full window
 * @param windowBytes the head window's size in body bytes
 *
 * <p>Threading: immutable.
 */
public record PagingSettings(long memoryBudget, int windowEntries, long windowBytes) {
    public static final int DEFAULT_WINDOW_ENTRIES = 2048;
    public static final long DEFAULT_WINDOW_BYTES = 4L << 20;

    public PagingSettings {
        if (memoryBudget < 0) {
            throw new IllegalArgumentException("memoryBudget must not be negative, got " + memoryBudget);
        }
        if (windowEntries < 2 || windowBytes < 2) {
            throw new IllegalArgumentException("the head window must hold at least 2 entries and 2 bytes, got "
                    + windowEntries + " entries and " + windowBytes + " bytes");
        }
    }

    /** A quarter of the maximum heap as budget, and the default head window. */
    public static PagingSettings defaults() {
        return withBudget(Runtime.getRuntime().maxMemory() / 4);
    }

    /** The default head window with the given budget. */
    public static PagingSettings withBudget(long memoryBudget) {
        return new PagingSettings(memoryBudget, DEFAULT_WINDOW_ENTRIES, DEFAULT_WINDOW_BYTES);
    }

    /** Queues never page out (they still read back what a store kept across a restart). */
    public static PagingSettings never() {
        return withBudget(Long.MAX_VALUE);
    }

    public PagingSettings withWindow(int entries, long bytes) {
        return new PagingSettings(memoryBudget, entries, bytes);
    }
}
