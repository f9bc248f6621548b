package dev.sluice.store.mapdb;

import dev.sluice.core.message.Message;
import dev.sluice.store.QueueKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The changes recorded since the last group was handed to the writer, folded so that each record
 * is written at most once: a later change to a record replaces the earlier one, and a record that
 * is both created and removed within the group is never written at all (a message enqueued and
 * acked before its group is written costs no disk work). The writer applies the removals of a
 * group before its puts, so a record removed and created again within one group ends up created.
 *
 * <p>A "fresh" record is one no earlier group can have written: removing it only cancels its put.
 * Messages need no flag for it: a pending put is fresh unless the group also removes the id (the
 * id had been written, dropped and taken again within this group).
 *
 * <p>Threading: guarded by the {@link GroupWriter}'s lock until the writer takes the group; the
 * writer thread owns it from then on.
 */
final class PendingGroup {
    /** A pending write of one queue entry: its new record, or null to delete it. */
    record EntryChange(EntryRecord record, boolean fresh) {
    }

    final Map<Long, Message> messagePuts = new HashMap<>();
    final Set<Long> messageDeletes = new HashSet<>();
    /** Queue id → sequence number → change. */
    final Map<Long, Map<Long, EntryChange>> entryChanges = new HashMap<>();
    final Set<Long> deletedQueueIds = new HashSet<>();
    final Map<QueueKey, Long> queueIdPuts = new HashMap<>();
    final Set<QueueKey> queueIdDeletes = new HashSet<>();
    final Map<Long, byte[]> definitionPuts = new LinkedHashMap<>();
    final Set<Long> definitionDeletes = new HashSet<>();
    final List<Runnable> actions = new ArrayList<>();

    private int changes;
    private long cancelledMessages;
    private long startedAtNanos;

    /** The first reference to a message: it must be written. Takes its own reference to the body. */
    void putMessage(Message message) {
        count();
        Message previous = messagePuts.put(message.id(), message.retain());
        if (previous != null) {
            previous.release();
        }
    }

    /** The last reference to a message went: cancel its pending put, or delete what was written. */
    void dropMessage(long messageId) {
        count();
        Message pending = messagePuts.remove(messageId);
        if (pending != null) {
            pending.release();
            if (!messageDeletes.contains(messageId)) {
                cancelledMessages++;
                return;
            }
        }
        messageDeletes.add(messageId);
    }

    void putEntry(long queueId, long seq, EntryRecord record, boolean fresh) {
        count();
        Map<Long, EntryChange> queue = entryChanges.computeIfAbsent(queueId, q -> new HashMap<>());
        EntryChange earlier = queue.get(seq);
        queue.put(seq, new EntryChange(record, fresh || earlier != null && earlier.fresh()));
    }

    void removeEntry(long queueId, long seq) {
        count();
        Map<Long, EntryChange> queue = entryChanges.computeIfAbsent(queueId, q -> new HashMap<>());
        EntryChange earlier = queue.get(seq);
        if (earlier != null && earlier.fresh()) {
            queue.remove(seq);
        } else {
            queue.put(seq, new EntryChange(null, false));
        }
    }

    /** Gives a queue its id on disk. */
    void putQueueId(QueueKey queue, long queueId) {
        count();
        queueIdPuts.put(queue, queueId);
    }

    /** Deletes a queue's id and every entry under it. */
    void deleteQueue(QueueKey queue, long queueId) {
        count();
        entryChanges.remove(queueId);
        deletedQueueIds.add(queueId);
        if (queueIdPuts.remove(queue) == null) {
            queueIdDeletes.add(queue);
        }
    }

    /** Deletes every entry under a queue id nobody knows (found at recovery). */
    void deleteOrphanEntries(long queueId) {
        count();
        deletedQueueIds.add(queueId);
    }

    void putDefinition(long recordId, byte[] record) {
        count();
        definitionPuts.put(recordId, record);
    }

    void deleteDefinition(long recordId) {
        count();
        if (definitionPuts.remove(recordId) == null) {
            definitionDeletes.add(recordId);
        }
    }

    void addAction(Runnable action) {
        if (actions.isEmpty() && changes == 0) {
            startedAtNanos = System.nanoTime();
        }
        actions.add(action);
    }

    private void count() {
        if (changes == 0 && actions.isEmpty()) {
            startedAtNanos = System.nanoTime();
        }
        changes++;
    }

    /** Changes recorded (before folding); what the group size limit counts. */
    int changes() {
        return changes;
    }

    boolean isEmpty() {
        return changes == 0 && actions.isEmpty();
    }

    /** True when the group has anything to write (it may hold only actions). */
    boolean hasWrites() {
        return changes > 0;
    }

    long startedAtNanos() {
        return startedAtNanos;
    }

    /** Messages whose put was cancelled by their removal within this group. */
    long cancelledMessages() {
        return cancelledMessages;
    }

    /** Gives back the references the group holds; it is not written. */
    void discard() {
        for (Message m : messagePuts.values()) {
            m.release();
        }
        messagePuts.clear();
    }
}
