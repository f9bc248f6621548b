package dev.sluice.store;

/**
 * Which entries of a queue to read: those at positions {@code afterSeq < seq <= toSeq}, in
 * position order, stopping after {@code maxEntries} entries or once {@code maxBytes} body bytes
 * have been read (at least one entry is always read when there is one).
 *
 * <p>Threading: immutable.
 */
public record ReadRequest(long afterSeq, long toSeq, int maxEntries, long maxBytes) {
    public ReadRequest {
        if (maxEntries < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("a read must allow at least one entry and one byte");
        }
    }

    /** Every entry of the queue. */
    public static ReadRequest everything() {
        return new ReadRequest(Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE);
    }
}
