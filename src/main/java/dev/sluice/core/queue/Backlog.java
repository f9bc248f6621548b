package dev.sluice.core.queue;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * A queue's ready messages behind its head window, in queue order: runs of entries held in memory
 * and ranges of positions whose entries only the store holds (paged out). A range costs one small
 * object however many entries it covers. New messages join the last part when it is of their
 * kind, else start a new part; the head window takes from the first part (a run at once, a range
 * in batches read from the store).
 *
 * <p>A range's positions are {@code afterSeq < seq <= lastSeq}; it only ever grows at its end
 * while it is the last part, so positions of entries held in memory never fall inside it.
 *
 * <p>Threading: guarded by the owning queue's lock.
 */
final class Backlog {
    /** Entries at positions {@code afterSeq < seq <= lastSeq} that only the store holds. */
    static final class StoredRange {
        long afterSeq;
        long lastSeq;
        long count;
        long bytes;

        StoredRange(long afterSeq, long lastSeq, long count, long bytes) {
            this.afterSeq = afterSeq;
            this.lastSeq = lastSeq;
            this.count = count;
            this.bytes = bytes;
        }
    }

    /** A run of entries held in memory. */
    private static final class MemoryRun {
        final ArrayDeque<QueueEntry> entries = new ArrayDeque<>();
    }

    private final ArrayDeque<Object> parts = new ArrayDeque<>();
    private long count;
    private long bytes;
    private long storedCount;

    boolean isEmpty() {
        return parts.isEmpty();
    }

    /** Entries in the backlog, in memory or not. */
    long count() {
        return count;
    }

    /** Body bytes of the entries in the backlog. */
    long bytes() {
        return bytes;
    }

    /** Entries only the store holds. */
    long storedCount() {
        return storedCount;
    }

    void addInMemory(QueueEntry e) {
        MemoryRun run = parts.peekLast() instanceof MemoryRun r ? r : null;
        if (run == null) {
            run = new MemoryRun();
            parts.addLast(run);
        }
        run.entries.addLast(e);
        count++;
        bytes += e.size();
    }

    /** The entry at {@code seq} (after every entry already here) is held by the store only. */
    void addStored(long seq, int size) {
        StoredRange range = parts.peekLast() instanceof StoredRange r ? r : null;
        if (range == null) {
            parts.addLast(new StoredRange(seq - 1, seq, 1, size));
        } else {
            range.lastSeq = seq;
            range.count++;
            range.bytes += size;
        }
        count++;
        bytes += size;
        storedCount++;
    }

    /** A whole range at once (a queue restored from its store). */
    void addStoredRange(long afterSeq, long lastSeq, long entries, long entryBytes) {
        parts.addLast(new StoredRange(afterSeq, lastSeq, entries, entryBytes));
        count += entries;
        bytes += entryBytes;
        storedCount += entries;
    }

    /** Takes the first part when it is a run in memory; null when the first part is a range (or none). */
    ArrayDeque<QueueEntry> takeFirstRun() {
        if (!(parts.peekFirst() instanceof MemoryRun run)) {
            return null;
        }
        parts.pollFirst();
        for (QueueEntry e : run.entries) {
            count--;
            bytes -= e.size();
        }
        return run.entries;
    }

    /** The first part when it is a stored range, else null. */
    StoredRange firstRange() {
        return parts.peekFirst() instanceof StoredRange r ? r : null;
    }

    /**
     * A read of the first range passed {@code scanned} entries ({@code scannedBytes} body bytes) up
     * to position {@code reached}; the range now starts there. It is gone when the read found
     * nothing more and the range has not grown beyond what was read.
     */
    void pagedIn(StoredRange range, long reached, long scanned, long scannedBytes, boolean exhausted) {
        long entries = Math.min(scanned, range.count);
        long entryBytes = Math.min(scannedBytes, range.bytes);
        range.afterSeq = Math.max(range.afterSeq, reached);
        range.count -= entries;
        range.bytes -= entryBytes;
        count -= entries;
        bytes -= entryBytes;
        storedCount -= entries;
        if (exhausted && range.lastSeq <= reached) {
            parts.remove(range);
            count -= range.count;
            bytes -= range.bytes;
            storedCount -= range.count;
        }
    }

    /** Empties the backlog, handing each entry in memory and each stored range to its sink, in order. */
    void clear(Consumer<QueueEntry> inMemory, Consumer<StoredRange> stored) {
        Object part;
        while ((part = parts.pollFirst()) != null) {
            if (part instanceof MemoryRun run) {
                run.entries.forEach(inMemory);
            } else {
                stored.accept((StoredRange) part);
            }
        }
        count = 0;
        bytes = 0;
        storedCount = 0;
    }
}
