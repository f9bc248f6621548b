package dev.sluice.store.mapdb;

import dev.sluice.store.QueueKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The changes recorded since the last group was handed to the writer, folded so that each record
 * is written at most once: a later change to a record replaces the earlier one, and an entry that
 * is both made and removed within the group is never written at all; when that removal drops
 * the last reference to a message whose content this group was to write first, the message is
 * not written either (a message enqueued and acked before its group is written costs no disk
 * work).
 *
 * <p>Messages are kept as their encoded records, not as bodies: the group holds no buffer
 * references. For each message the group knows the net change of its reference count; only the
 * writer, which sees the tables, turns that into a write, a count or a delete (see
 * {@link TableWriter}). A message is "fresh" when its id is above every id an earlier group
 * recorded ({@link #freshAbove}): no earlier group can hold it, so the writer needs no look-up.
 *
 * <p>Threading: guarded by the {@link GroupWriter}'s lock until the writer takes the group; the
 * writer thread owns it from then on (other threads may still read {@link #changesWithin} under the
 * writer's lock: it no longer changes).
 */
final class PendingGroup {
    /** A delivery count an {@link Update} leaves as it is. */
    static final int KEEP_COUNT = -1;

    /** A pending change of one queue entry. */
    sealed interface EntryChange permits Put, Update, Remove {
    }

    /** A new entry. */
    record Put(EntryRecord record) implements EntryChange {
    }

    /** New delivery state for an entry written by an earlier group; the writer reads, changes and writes it. */
    record Update(int deliveryCount, boolean redelivered) implements EntryChange {
        EntryRecord applyTo(EntryRecord r) {
            return r.withDelivery(deliveryCount == KEEP_COUNT ? r.deliveryCount() : deliveryCount, redelivered);
        }

        Update then(Update later) {
            return new Update(later.deliveryCount == KEEP_COUNT ? deliveryCount : later.deliveryCount, later.redelivered);
        }
    }

    /** Deletes an entry written by an earlier group. */
    enum Remove implements EntryChange {
        INSTANCE
    }

    /** A message some change of this group refers to. */
    static final class MessageChange {
        /** The encoded message, for the writer to store if nothing holds it yet. */
        final byte[] record;
        final boolean fresh;
        /** Net change of the message's reference count within this group. */
        int delta;
        /** Actions waiting for this message to be durable or let go; null while none waits. */
        DurabilityWaiters waiters;
        /** When this record of the message was made ({@link System#nanoTime}): how long it may still be put off. */
        final long recordedAtNanos = System.nanoTime();

        MessageChange(byte[] record, boolean fresh) {
            this.record = record;
            this.fresh = fresh;
        }
    }

    /** Entries {@code afterSeq < seq <= toSeq} of a queue id to be removed (a purge, a deleted queue). */
    record RangeRemoval(long queueId, long afterSeq, long toSeq) {
    }

    final Map<Long, MessageChange> messages = new HashMap<>();
    /** Queue id → sequence number → change, in position order. */
    final Map<Long, NavigableMap<Long, EntryChange>> entryChanges = new HashMap<>();
    final List<RangeRemoval> rangeRemovals = new ArrayList<>();
    final Map<QueueKey, Long> queueIdPuts = new HashMap<>();
    final Set<QueueKey> queueIdDeletes = new HashSet<>();
    final Map<Long, byte[]> definitionPuts = new LinkedHashMap<>();
    final Set<Long> definitionDeletes = new HashSet<>();
    final List<Runnable> actions = new ArrayList<>();
    /** Waiters of messages let go within this group (a chain), for the store to run after unlocking. */
    private DurabilityWaiters released;

    private int changes;
    /** Ids above this one were recorded by no earlier group; -1 until the store sets it. */
    private long freshAbove = -1;
    /** Actions other than a message's waiters: they wait for everything recorded before them. */
    private int plainActions;
    private long cancelledMessages;
    private long startedAtNanos;

    boolean hasFreshBound() {
        return freshAbove >= 0;
    }

    /**
     * Sets the highest message id any earlier group recorded: a message with a higher id is fresh
     * (no earlier group can hold it, so the writer needs no look-up and an early removal cancels
     * its write). Ids are handed out before publishing, on several threads, so they reach the
     * store out of order; a bound per group, rather than "higher than every id seen", keeps such a
     * message fresh.
     */
    void freshAbove(long highestBefore) {
        this.freshAbove = highestBefore;
    }

    boolean isFresh(long messageId) {
        return messageId > freshAbove;
    }

    /** The message change for {@code messageId}, or null when this group does not refer to it. */
    MessageChange message(long messageId) {
        return messages.get(messageId);
    }

    /**
     * A new entry referring to message {@code record.messageId()}. {@code encoded} is the message's
     * record, needed when this group is the first to refer to the message (else ignored).
     */
    void putEntry(long queueId, long seq, EntryRecord record, byte[] encoded, boolean freshMessage) {
        count();
        entries(queueId).put(seq, new Put(record));
        MessageChange m = messages.get(record.messageId());
        if (m == null) {
            count(); // the message record is a write of its own
            m = new MessageChange(encoded, freshMessage);
            messages.put(record.messageId(), m);
        }
        m.delta++;
    }

    void removeEntry(long queueId, long seq) {
        count();
        NavigableMap<Long, EntryChange> queue = entries(queueId);
        EntryChange earlier = queue.get(seq);
        if (earlier instanceof Put put) {
            queue.remove(seq);
            dropReference(put.record().messageId());
        } else {
            queue.put(seq, Remove.INSTANCE);
        }
    }

    void updateEntry(long queueId, long seq, Update update) {
        count();
        NavigableMap<Long, EntryChange> queue = entries(queueId);
        EntryChange earlier = queue.get(seq);
        if (earlier instanceof Put put) {
            queue.put(seq, new Put(update.applyTo(put.record())));
        } else if (earlier instanceof Update u) {
            queue.put(seq, u.then(update));
        } else if (earlier == null) {
            queue.put(seq, update);
        }
    }

    /** Removes entries {@code afterSeq < seq <= toSeq}: the pending ones here, the written ones by the writer. */
    void removeRange(long queueId, long afterSeq, long toSeq) {
        count();
        NavigableMap<Long, EntryChange> queue = entryChanges.get(queueId);
        if (queue != null) {
            Map<Long, EntryChange> range = queue.subMap(afterSeq, false, toSeq, true);
            for (EntryChange change : range.values()) {
                if (change instanceof Put put) {
                    dropReference(put.record().messageId());
                }
            }
            range.clear();
        }
        rangeRemovals.add(new RangeRemoval(queueId, afterSeq, toSeq));
    }

    private void dropReference(long messageId) {
        MessageChange m = messages.get(messageId);
        if (m != null && --m.delta == 0 && m.fresh) {
            messages.remove(messageId);
            cancelledMessages++;
            if (m.waiters != null) {
                m.waiters.release();
                m.waiters.nextReleased = released;
                released = m.waiters;
            }
        }
    }

    /**
     * Makes {@code action} wait for message {@code messageId} when this group adds references to
     * it: the action runs at this group's commit, or as soon as those references go again before
     * the group is written (see {@link #takeReleased}). False when this group adds none: the
     * message's fate lies with an earlier group, and the caller waits for this whole group instead.
     */
    boolean awaitMessage(long messageId, Runnable action) {
        MessageChange m = messages.get(messageId);
        if (m == null || m.delta <= 0) {
            return false;
        }
        if (m.waiters == null) {
            m.waiters = new DurabilityWaiters(this);
            addAnyAction(m.waiters);
        }
        m.waiters.add(action);
        return true;
    }

    /**
     * The waiters of messages this group let go of since the last call, chained through
     * {@link DurabilityWaiters#nextReleased}, or null; the caller runs them once it has unlocked the
     * group (their commit-time run then leaves them alone).
     */
    DurabilityWaiters takeReleased() {
        DurabilityWaiters taken = released;
        released = null;
        return taken;
    }

    private NavigableMap<Long, EntryChange> entries(long queueId) {
        return entryChanges.computeIfAbsent(queueId, q -> new TreeMap<>());
    }

    /** Gives a queue its id on disk. */
    void putQueueId(QueueKey queue, long queueId) {
        count();
        queueIdPuts.put(queue, queueId);
    }

    /** Deletes a queue's id and every entry under it. */
    void deleteQueue(QueueKey queue, long queueId) {
        removeRange(queueId, 0, Long.MAX_VALUE);
        if (queueIdPuts.remove(queue) == null) {
            queueIdDeletes.add(queue);
        }
    }

    /** Deletes every entry under a queue id with no row in {@code queues} (found at recovery, or a queue with only ephemeral entries). */
    void deleteOrphanEntries(long queueId) {
        removeRange(queueId, 0, Long.MAX_VALUE);
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
        plainActions++;
        addAnyAction(action);
    }

    private void addAnyAction(Runnable action) {
        if (actions.isEmpty() && changes == 0) {
            startedAtNanos = System.nanoTime();
        }
        actions.add(action);
    }

    /**
     * Moves to {@code next} (the group that fills after this one) every message whose entries in
     * this group have all been handed to a consumer already, with those entries and the actions
     * waiting for it, as long as the message was recorded less than {@code maxDeferralNanos} ago.
     * Such a message is likely to be acked soon and then never written; its confirm waits at most
     * that much longer when it is not. Nothing is moved while this group holds an action that waits
     * for everything recorded before it ({@link #addAction}: a transaction's outcome, a read of
     * stored entries), since that action runs at this group's commit. Call with the writer's lock
     * held, as the writer takes this group.
     */
    void deferDeliveredTo(PendingGroup next, long maxDeferralNanos) {
        if (plainActions > 0) {
            return;
        }
        long now = System.nanoTime();
        Map<Long, List<long[]>> shared = null; // messages with several entries here: moved only if all are out
        boolean moved = false;
        for (Map.Entry<Long, NavigableMap<Long, EntryChange>> queue : entryChanges.entrySet()) {
            Iterator<Map.Entry<Long, EntryChange>> it = queue.getValue().entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Long, EntryChange> e = it.next();
                if (!(e.getValue() instanceof Put put) || !put.record().redelivered()) {
                    continue;
                }
                long id = put.record().messageId();
                MessageChange m = messages.get(id);
                if (m == null || !m.fresh || now - m.recordedAtNanos >= maxDeferralNanos) {
                    continue;
                }
                if (m.delta == 1) { // the usual case: its one entry here is out with a consumer
                    it.remove();
                    moveMessage(id, m, next);
                    next.moveEntry(queue.getKey(), e.getKey(), put);
                    moved = true;
                } else {
                    if (shared == null) {
                        shared = new HashMap<>();
                    }
                    shared.computeIfAbsent(id, k -> new ArrayList<>(2)).add(new long[] {queue.getKey(), e.getKey()});
                }
            }
        }
        if (shared != null) {
            for (Map.Entry<Long, List<long[]>> d : shared.entrySet()) {
                MessageChange m = messages.get(d.getKey());
                if (m.delta != d.getValue().size()) {
                    continue; // some entry of it is not out with a consumer: write it now
                }
                moveMessage(d.getKey(), m, next);
                for (long[] entry : d.getValue()) {
                    next.moveEntry(entry[0], entry[1], entryChanges.get(entry[0]).remove(entry[1]));
                }
                moved = true;
            }
        }
        if (moved) {
            actions.removeIf(a -> a instanceof DurabilityWaiters w && w.group != this);
        }
    }

    /** Hands message {@code id}'s change, and the actions waiting for it, to {@code next}. */
    private void moveMessage(long id, MessageChange m, PendingGroup next) {
        messages.remove(id);
        next.count();
        next.messages.put(id, m);
        if (m.waiters != null) {
            m.waiters.group = next;
            next.addAnyAction(m.waiters);
        }
    }

    private void moveEntry(long queueId, long seq, EntryChange put) {
        count();
        entries(queueId).put(seq, put);
    }

    private void count() {
        if (changes == 0 && actions.isEmpty()) {
            startedAtNanos = System.nanoTime();
        }
        changes++;
    }

    /** True when this group changes an entry of {@code queueId} at a position {@code afterSeq < seq <= toSeq}. */
    boolean changesWithin(long queueId, long afterSeq, long toSeq) {
        NavigableMap<Long, EntryChange> queue = entryChanges.get(queueId);
        if (queue != null && !queue.subMap(afterSeq, false, toSeq, true).isEmpty()) {
            return true;
        }
        for (RangeRemoval r : rangeRemovals) {
            if (r.queueId() == queueId && r.afterSeq() < toSeq && afterSeq < r.toSeq()) {
                return true;
            }
        }
        return false;
    }

    /** Changes recorded (before folding); what the group size limit counts. */
    int changes() {
        return changes;
    }

    boolean isEmpty() {
        return changes == 0 && actions.isEmpty();
    }

    /**
     * True when the group has anything to write (it may hold only actions, or only changes that
     * folded away: entries made and removed again, messages never written).
     */
    boolean hasWrites() {
        if (changes == 0) {
            return false;
        }
        if (!messages.isEmpty() || !rangeRemovals.isEmpty() || !queueIdPuts.isEmpty() || !queueIdDeletes.isEmpty()
                || !definitionPuts.isEmpty() || !definitionDeletes.isEmpty()) {
            return true;
        }
        for (NavigableMap<Long, EntryChange> queue : entryChanges.values()) {
            if (!queue.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    long startedAtNanos() {
        return startedAtNanos;
    }

    /** Messages whose write was cancelled because every reference went within this group. */
    long cancelledMessages() {
        return cancelledMessages;
    }
}
