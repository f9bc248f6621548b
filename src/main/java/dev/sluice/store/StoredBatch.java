package dev.sluice.store;

import java.util.List;

/**
 * The answer to a {@link ReadRequest}: the entries read, each with its message (the receiver owns
 * one reference to each and must release it), and how far the read got. {@code scanned} and
 * {@code scannedBytes} count every entry the read passed, including any it had to drop (an entry
 * whose message is missing is logged and removed, never returned), so that a queue can keep its
 * counts exact.
 *
 * @param entries the entries, in position order
 * @param lastSeq every entry of the range at or below this position has been passed
 * @param scanned entries passed
 * @param scannedBytes body bytes of the entries passed, as their records give them
 * @param exhausted true when nothing of the range is left above {@code lastSeq}
 * @param failure why the read failed, or null (then nothing else is set)
 *
 * <p>Threading: immutable (the messages' reference counts are thread-safe).
 */
public record StoredBatch(List<StoredEntry> entries, long lastSeq, long scanned, long scannedBytes,
                          boolean exhausted, Throwable failure) {
    public StoredBatch {
        entries = List.copyOf(entries);
    }

    /** A read of {@code request} that found nothing. */
    public static StoredBatch empty(ReadRequest request) {
        return new StoredBatch(List.of(), request.toSeq(), 0, 0, true, null);
    }

    public static StoredBatch failed(Throwable failure) {
        return new StoredBatch(List.of(), 0, 0, 0, false, failure);
    }

    /** Gives back the references to the messages read (for a receiver that no longer wants them). */
    public void release() {
        for (StoredEntry e : entries) {
            if (e.message() != null) {
                e.message().release();
            }
        }
    }
}
