package dev.sluice.store.mapdb;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.LongPredicate;

/**
 * What the storage writer does to the tables before each commit: apply a {@link PendingGroup},
 * then remove one chunk of the first pending range removal. Range removals (purges of paged-out
 * messages, deleted queues) are recorded in the {@code removals} table in the group that asks for
 * them and worked off a chunk per commit, so a queue of millions of entries never makes one huge
 * transaction; the row is updated in the same commit as each chunk, so a crash resumes where the
 * last commit left off. Nothing here is durable before the caller commits. A group must be applied
 * once only: its reference changes are deltas (see {@code GroupWriter.write}).
 *
 * <p>Not final only so that a test can make applying a group fail ({@code StorageHealthTest}).
 *
 * <p>Threading: writer thread only (and the opening thread before the writer starts).
 */
class TableWriter {
    /** Entries removed per commit by a range removal. */
    static final int REMOVAL_CHUNK = 5_000;

    private final MapDbTables tables;
    private final MapDbReader reader;

    TableWriter(MapDbTables tables, MapDbReader reader) {
        this.tables = tables;
        this.reader = reader;
    }

    /** Applies a group's changes, removals first; returns how many message records it wrote. */
    int apply(PendingGroup g) {
        for (PendingGroup.RangeRemoval r : g.rangeRemovals) {
            tables.removals.merge(MapDbTables.entryKey(r.queueId(), r.afterSeq()), r.toSeq(), Math::max);
        }
        ReferenceChanges references = new ReferenceChanges(g.messages);
        for (Map.Entry<Long, NavigableMap<Long, PendingGroup.EntryChange>> queue : g.entryChanges.entrySet()) {
            long queueId = queue.getKey();
            for (Map.Entry<Long, PendingGroup.EntryChange> e : queue.getValue().entrySet()) {
                applyEntry(queueId, e.getKey(), e.getValue(), references);
            }
        }
        int written = references.applyTo(tables, reader);
        for (var queue : g.queueIdDeletes) {
            tables.queues.remove(new Object[] {queue.vhost(), queue.queue()});
        }
        g.queueIdPuts.forEach((queue, id) -> tables.queues.put(new Object[] {queue.vhost(), queue.queue()}, id));
        for (long id : g.definitionDeletes) {
            tables.definitions.remove(id);
        }
        tables.definitions.putAll(g.definitionPuts);
        return written;
    }

    private void applyEntry(long queueId, long seq, PendingGroup.EntryChange change, ReferenceChanges references) {
        Object[] key = MapDbTables.entryKey(queueId, seq);
        if (change instanceof PendingGroup.Put put) {
            tables.entries.put(key, put.record().encode());
        } else if (change instanceof PendingGroup.Update update) {
            byte[] old = tables.entries.get(key);
            if (old != null) {
                EntryRecord before = EntryRecord.decode(old);
                EntryRecord after = update.applyTo(before);
                if (!after.equals(before)) {
                    tables.entries.put(key, after.encode());
                }
            }
        } else {
            byte[] old = tables.entries.remove(key);
            if (old != null) {
                references.dropped(EntryRecord.decode(old).messageId());
            }
        }
    }

    /** True when a range removal is still to be worked off. */
    boolean hasRemovals() {
        return !tables.removals.isEmpty();
    }

    /**
     * Removes up to {@code max} entries of the first pending range removal, with the references
     * they held, and records how far it got; returns how many entries it removed.
     */
    int removeChunk(int max) {
        Map.Entry<Object[], Long> job = tables.removals.firstEntry();
        return job == null ? 0 : removeChunk(job.getKey(), job.getValue(), max).removed();
    }

    /** How far a range removal got: the entries one chunk removed and the row that remains, or null. */
    private record Progress(int removed, Map.Entry<Object[], Long> remaining) {
    }

    private Progress removeChunk(Object[] jobKey, long toSeq, int max) {
        long queueId = (Long) jobKey[0];
        List<Map.Entry<Object[], byte[]>> chunk = new ArrayList<>(Math.min(max, 1024));
        Iterator<Map.Entry<Object[], byte[]>> it = tables.entries.entryIterator(
                jobKey, false, MapDbTables.entryKey(queueId, toSeq), true);
        while (chunk.size() < max && it.hasNext()) {
            chunk.add(it.next());
        }
        removeWithReferences(chunk);
        tables.removals.remove(jobKey);
        if (chunk.size() < max) {
            return new Progress(chunk.size(), null);
        }
        Object[] reached = MapDbTables.entryKey(queueId, (Long) chunk.get(chunk.size() - 1).getKey()[1]);
        long to = tables.removals.merge(reached, toSeq, Math::max);
        return new Progress(chunk.size(), Map.entry(reached, to));
    }

    /** Removes these entries and the references they hold (a message goes with its last one). */
    private void removeWithReferences(List<Map.Entry<Object[], byte[]>> chunk) {
        ReferenceChanges references = new ReferenceChanges(Map.of());
        for (Map.Entry<Object[], byte[]> e : chunk) {
            if (tables.entries.remove(e.getKey()) != null) {
                references.dropped(EntryRecord.decode(e.getValue()).messageId());
            }
        }
        references.applyTo(tables, reader);
    }

    /**
     * Removes, now, every ephemeral entry (a paged-out message that must not survive a restart)
     * with the references it holds, committing after each chunk of {@link #REMOVAL_CHUNK} entries,
     * so that a crash in the middle resumes at the next open; returns how many it removed. Used
     * when the store is opened, before anything reads the entries and before the writer starts.
     */
    long discardEphemeral() {
        long removed = 0;
        Object[] after = null;
        while (true) {
            Iterator<Map.Entry<Object[], byte[]>> it = (after == null ? tables.entries
                    : tables.entries.tailMap(after, false)).entrySet().iterator();
            List<Map.Entry<Object[], byte[]>> chunk = new ArrayList<>();
            while (chunk.size() < REMOVAL_CHUNK && it.hasNext()) {
                Map.Entry<Object[], byte[]> e = it.next();
                after = e.getKey();
                if (EntryRecord.decode(e.getValue()).ephemeral()) {
                    chunk.add(Map.entry(e.getKey(), e.getValue()));
                }
            }
            if (!chunk.isEmpty()) {
                removeWithReferences(chunk);
                tables.commit();
                removed += chunk.size();
            }
            if (!it.hasNext()) {
                return removed;
            }
        }
    }

    /**
     * Works off, now, every pending range removal of the queue ids {@code wanted} accepts,
     * committing after each chunk. Used when the store is opened, before the writer starts.
     */
    void finishRemovals(LongPredicate wanted) {
        List<Map.Entry<Object[], Long>> jobs = new ArrayList<>();
        for (Map.Entry<Object[], Long> e : tables.removals.entrySet()) {
            if (wanted.test((Long) e.getKey()[0])) {
                jobs.add(Map.entry(e.getKey(), e.getValue()));
            }
        }
        for (Map.Entry<Object[], Long> job : jobs) {
            Map.Entry<Object[], Long> remaining = job;
            while (remaining != null) {
                remaining = removeChunk(remaining.getKey(), remaining.getValue(), REMOVAL_CHUNK).remaining();
                tables.commit();
            }
        }
    }
}
