package dev.sluice.core.queue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
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
 * <p>A consumer with a filter may take an entry from behind the head ({@link #ahead}): an entry of
 * a run is marked {@link QueueEntry#outOfRun out} and stays in its run, so that a requeue puts it
 * back in its place ({@link #returnToRun}); an entry of a range is remembered as <em>taken</em>
 * (the store still holds it until it is settled): reads of the range skip it, and a requeue puts
 * it back on disk ({@link #returnToRange}). Neither counts as part of the backlog while out.
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

    /**
     * What lies behind the head after a position: the entries held in memory (not taken out) up
     * to the first stored range holding later positions, and that range (null when there is none).
     */
    record Ahead(List<QueueEntry> inMemory, StoredRange stored) {
    }

    /** Receives the pieces of a stored range that are to be removed: positions {@code afterSeq < seq <= lastSeq}. */
    @FunctionalInterface
    interface RangeSink {
        void accept(long afterSeq, long lastSeq);
    }

    private final ArrayDeque<Object> parts = new ArrayDeque<>();
    /** Positions inside stored ranges whose entries a consumer took from behind the head. */
    private final TreeSet<Long> taken = new TreeSet<>();
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
        e.inRun = true;
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

    /**
     * Takes the first part when it is a run in memory, without the entries taken out of it; null
     * when the first part is a range (or none).
     */
    List<QueueEntry> takeFirstRun() {
        if (!(parts.peekFirst() instanceof MemoryRun run)) {
            return null;
        }
        parts.pollFirst();
        List<QueueEntry> in = new ArrayList<>(run.entries.size());
        for (QueueEntry e : run.entries) {
            e.inRun = false;
            if (!e.outOfRun) {
                in.add(e);
                count--;
                bytes -= e.size();
            }
        }
        return in;
    }

    /**
     * The entries held in memory after position {@code after}, in order, up to the first stored
     * range with positions after it, and that range.
     */
    Ahead ahead(long after) {
        List<QueueEntry> inMemory = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof MemoryRun run) {
                if (run.entries.peekLast().seq <= after) {
                    continue;
                }
                Iterator<QueueEntry> back = run.entries.descendingIterator();
                int first = inMemory.size();
                while (back.hasNext()) {
                    QueueEntry e = back.next();
                    if (e.seq <= after) {
                        break;
                    }
                    if (!e.outOfRun) {
                        inMemory.add(e);
                    }
                }
                Collections.reverse(inMemory.subList(first, inMemory.size()));
            } else {
                StoredRange range = (StoredRange) part;
                if (range.lastSeq > after) {
                    return new Ahead(inMemory, range);
                }
            }
        }
        return new Ahead(inMemory, null);
    }

    /** The highest position in the backlog, or {@code Long.MIN_VALUE} when it is empty. */
    long lastSeq() {
        Object last = parts.peekLast();
        if (last instanceof MemoryRun run) {
            return run.entries.peekLast().seq;
        }
        return last == null ? Long.MIN_VALUE : ((StoredRange) last).lastSeq;
    }

    /** A consumer took {@code e} from its run (see {@link #ahead}). */
    void takeOutOfRun(QueueEntry e) {
        e.outOfRun = true;
        count--;
        bytes -= e.size();
    }

    /** Puts an entry taken out of a run back in its place; false when its run has left the backlog. */
    boolean returnToRun(QueueEntry e) {
        if (!e.inRun || !e.outOfRun) {
            return false;
        }
        e.outOfRun = false;
        count++;
        bytes += e.size();
        return true;
    }

    /** The stored range holding position {@code seq}, or null. */
    StoredRange rangeHolding(long seq) {
        for (Object part : parts) {
            if (part instanceof StoredRange r && r.afterSeq < seq && seq <= r.lastSeq) {
                return r;
            }
        }
        return null;
    }

    /** A consumer took the entry at {@code seq} of {@code range}; reads of the range skip it from now on. */
    void takeFromRange(StoredRange range, long seq, int size) {
        taken.add(seq);
        range.count--;
        range.bytes -= size;
        count--;
        bytes -= size;
        storedCount--;
    }

    /** True when the entry at {@code seq} was taken from its range and is not to be read as part of it. */
    boolean isTaken(long seq) {
        return taken.contains(seq);
    }

    /**
     * Puts an entry taken from a range back: only the store holds it again. False when it was not
     * taken or its range has been read past since (it then belongs to the head window).
     */
    boolean returnToRange(long seq, int size) {
        StoredRange range = rangeHolding(seq);
        if (range == null || !taken.remove(seq)) {
            return false;
        }
        range.count++;
        range.bytes += size;
        count++;
        bytes += size;
        storedCount++;
        return true;
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
        taken.headSet(range.afterSeq, true).clear();
        if (exhausted && range.lastSeq <= reached) {
            parts.remove(range);
            count -= range.count;
            bytes -= range.bytes;
            storedCount -= range.count;
        }
    }

    /**
     * Empties the backlog, handing each entry in memory and the positions of each stored range to
     * their sinks, in order. Entries taken out are left to their holders: their positions are
     * left out of the ranges handed on.
     */
    void clear(Consumer<QueueEntry> inMemory, RangeSink stored) {
        Object part;
        while ((part = parts.pollFirst()) != null) {
            if (part instanceof MemoryRun run) {
                for (QueueEntry e : run.entries) {
                    e.inRun = false;
                    if (!e.outOfRun) {
                        inMemory.accept(e);
                    }
                }
            } else {
                StoredRange range = (StoredRange) part;
                long from = range.afterSeq;
                for (long seq : taken.subSet(range.afterSeq, false, range.lastSeq, true)) {
                    if (seq - 1 > from) {
                        stored.accept(from, seq - 1);
                    }
                    from = seq;
                }
                if (range.lastSeq > from) {
                    stored.accept(from, range.lastSeq);
                }
            }
        }
        taken.clear();
        count = 0;
        bytes = 0;
        storedCount = 0;
    }
}
