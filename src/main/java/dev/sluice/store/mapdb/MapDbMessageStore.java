package dev.sluice.store.mapdb;

import dev.sluice.core.message.Message;
import dev.sluice.store.MessageStore;
import dev.sluice.store.QueueKey;
import dev.sluice.store.ReadRequest;
import dev.sluice.store.StoredBatch;
import dev.sluice.store.StoredQueue;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import java.util.function.Supplier;

/**
 * The MapDB message store. It keeps nothing per message in memory: each call records its change
 * in the writer's pending group (a new entry carries the message's encoded record, made here on
 * the caller's thread so the writer only writes), and the {@link GroupWriter} puts the group on
 * disk. Reference counts live on disk too (see {@link ReferenceChanges}); removals learn an
 * entry's message from the removed record. What stays in memory is small: the queue ids, and the
 * summary of each queue's entries found at open (count, bytes, first and last position), which a
 * recovered queue starts from before it reads its entries in batches ({@link #read}, answered by
 * the {@link MapDbReader} thread).
 *
 * <p>Ephemeral entries ({@link #pageOut}: paged-out messages that must not survive a restart) are
 * flagged entry records under the queue's own id, so a queue reads them back in order with its
 * stored ones; opening the store discards them all before anything reads
 * ({@link TableWriter#discardEphemeral}).
 *
 * <p>Read-your-writes: a read of positions where a change has been recorded but not yet committed
 * (in the pending group or the one being written) is attached to the pending group and starts once
 * that group is committed; any other read starts at once. (A queue reads a stored range; its acks
 * change positions in front of it, so they do not hold it up.) Reads also wait for the pending group
 * while the writer is a full group behind: consumers of paged-in messages then cannot outrun the
 * disk (each read lets at most a head window of acks into the next group), so the pending group,
 * and the transaction it becomes, stay bounded.
 *
 * <p>Threading: thread-safe. The small state here is guarded by the writer's group lock, the
 * innermost lock of the broker, held only for the in-memory work of one call; encoding happens
 * before the lock is taken whenever the message is likely new to the store.
 */
public final class MapDbMessageStore implements MessageStore {
    private static final System.Logger LOG = System.getLogger(MapDbMessageStore.class.getName());

    private final MapDbStorage storage;
    private final MapDbTables tables;
    private final GroupWriter writer;
    private final MapDbReader reader;
    private final Map<QueueKey, Long> queueIds = new HashMap<>();
    private final Map<QueueKey, StoredQueue> opened = new HashMap<>();
    /** Queues whose id is not written to {@code queues}: so far they have only ephemeral entries. */
    private final Set<QueueKey> unsavedQueueIds = new HashSet<>();
    private long nextQueueId = 1;
    /** The highest message id recorded; written under the group lock, read without it as a hint. */
    private volatile long highestMessageId;

    MapDbMessageStore(MapDbStorage storage, MapDbTables tables, GroupWriter writer, MapDbReader reader) {
        this.storage = storage;
        this.tables = tables;
        this.writer = writer;
        this.reader = reader;
    }

    /**
     * Reads what the store holds before the writer starts: queue ids, the highest message id, and
     * a summary of each queue's entries (one pass over the entries, keeping nothing per entry).
     * Pending purges of known queues are finished first, so that no read meets a purged entry;
     * entries of queue ids nobody knows any more are removed by the writer in the background.
     */
    void open() {
        PendingGroup g = writer.lockGroup();
        try {
            Map<Long, QueueKey> byId = new HashMap<>();
            tables.queues.forEach((key, id) -> {
                QueueKey queue = new QueueKey((String) key[0], (String) key[1]);
                queueIds.put(queue, id);
                byId.put(id, queue);
                nextQueueId = Math.max(nextQueueId, id + 1);
            });
            TableWriter tableWriter = new TableWriter(tables, reader);
            tableWriter.finishRemovals(byId::containsKey);
            long discarded = tableWriter.discardEphemeral();
            if (discarded > 0) {
                LOG.log(System.Logger.Level.INFO, "discarded " + discarded + " paged-out entries of messages "
                        + "that do not survive a restart");
            }
            highestMessageId = tables.messages.isEmpty() ? 0 : tables.messages.lastKey();
            Set<Long> beingRemoved = new HashSet<>();
            for (Object[] job : tables.removals.keySet()) {
                beingRemoved.add((Long) job[0]);
                nextQueueId = Math.max(nextQueueId, (Long) job[0] + 1);
            }
            if (!tables.entries.isEmpty()) {
                // ids of deleted queues whose entries are still being removed are never given again
                nextQueueId = Math.max(nextQueueId, (Long) tables.entries.lastKey()[0] + 1);
            }
            Object[] key = tables.entries.isEmpty() ? null : tables.entries.firstKey();
            while (key != null) {
                long queueId = (Long) key[0];
                QueueKey queue = byId.get(queueId);
                if (queue != null) {
                    opened.put(queue, summarize(queueId));
                } else if (!beingRemoved.contains(queueId)) {
                    g.deleteOrphanEntries(queueId);
                }
                key = tables.entries.higherKey(MapDbTables.entryKey(queueId, Long.MAX_VALUE));
            }
        } finally {
            writer.unlockGroup();
        }
    }

    private StoredQueue summarize(long queueId) {
        long count = 0;
        long bytes = 0;
        long first = 0;
        long last = 0;
        var it = tables.entries.entryIterator(MapDbTables.entryKey(queueId, Long.MIN_VALUE), true,
                MapDbTables.entryKey(queueId, Long.MAX_VALUE), true);
        while (it.hasNext()) {
            var e = it.next();
            long seq = (Long) e.getKey()[1];
            if (count++ == 0) {
                first = seq;
            }
            last = seq;
            bytes += EntryRecord.decode(e.getValue()).bodySize();
        }
        return count == 0 ? StoredQueue.EMPTY : new StoredQueue(count, bytes, first - 1, last);
    }

    @Override
    public boolean enqueue(QueueKey queue, long seq, long expiresAt, int priority, Message message) {
        return put(queue, seq, expiresAt, priority, message, false);
    }

    @Override
    public boolean pageOut(QueueKey queue, long seq, long expiresAt, int priority, Message message) {
        return message.id() != 0 && put(queue, seq, expiresAt, priority, message, true);
    }

    /**
     * Records a new entry. An ephemeral one (a paged-out message that must not survive a restart)
     * is written like any other but flagged, and does not give its queue a row in {@code queues}:
     * a queue known only by ephemeral entries is unknown after a restart.
     */
    private boolean put(QueueKey queue, long seq, long expiresAt, int priority, Message message, boolean ephemeral) {
        long id = message.id();
        byte[] record = null;
        if (id > highestMessageId) {
            record = encode(message); // most likely its first reference: encode before taking the lock
            if (record == null) {
                return false;
            }
        }
        PendingGroup g = writer.lockGroup();
        try {
            if (g == null) {
                return false;
            }
            if (record == null && g.message(id) == null) {
                record = encode(message);
                if (record == null) {
                    return false;
                }
            }
            if (!g.hasFreshBound()) {
                g.freshAbove(highestMessageId); // the group's first message: every earlier group's ids are below
            }
            boolean fresh = g.isFresh(id);
            if (id > highestMessageId) {
                highestMessageId = id;
            }
            EntryRecord entry = new EntryRecord(id, expiresAt, priority, 0, false, message.bodySize(), ephemeral);
            g.putEntry(queueIdOf(queue, g, !ephemeral), seq, entry, record, fresh);
            return true;
        } finally {
            writer.unlockGroup();
        }
    }

    /**
     * A message whose headers hold a value outside the field-value types cannot be written; it is
     * reported and stays in memory only, rather than stopping every write.
     */
    private static byte[] encode(Message message) {
        try {
            return MessageCodec.encode(message);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, "message " + message.id() + " cannot be stored and will not "
                    + "survive a restart: " + e.getMessage());
            return null;
        }
    }

    /**
     * The queue's id, given now when it has none. The id is written to {@code queues} when the
     * queue first gets an entry that survives a restart ({@code durable}); until then it lives in
     * memory only.
     */
    private long queueIdOf(QueueKey queue, PendingGroup g, boolean durable) {
        Long id = queueIds.get(queue);
        if (id == null) {
            id = nextQueueId++;
            queueIds.put(queue, id);
            if (durable) {
                g.putQueueId(queue, id);
            } else {
                unsavedQueueIds.add(queue);
            }
        } else if (durable && unsavedQueueIds.remove(queue)) {
            g.putQueueId(queue, id);
        }
        return id;
    }

    @Override
    public void remove(QueueKey queue, long seq) {
        record(queue, (g, queueId) -> g.removeEntry(queueId, seq));
    }

    @Override
    public void removeRange(QueueKey queue, long afterSeq, long toSeq) {
        record(queue, (g, queueId) -> g.removeRange(queueId, afterSeq, toSeq));
    }

    @Override
    public void updateDelivery(QueueKey queue, long seq, int deliveryCount, boolean redelivered) {
        PendingGroup.Update update = new PendingGroup.Update(deliveryCount, redelivered);
        record(queue, (g, queueId) -> g.updateEntry(queueId, seq, update));
    }

    @Override
    public void markDelivered(QueueKey queue, long seq) {
        PendingGroup.Update update = new PendingGroup.Update(PendingGroup.KEEP_COUNT, true);
        record(queue, (g, queueId) -> g.updateEntry(queueId, seq, update));
    }

    /**
     * Records a change of a queue the store knows; nothing for a queue it does not, or after close.
     * A removal may let go of a message before its write: whatever waited for that message runs
     * here, after the group lock is released.
     */
    private void record(QueueKey queue, ObjLongConsumer<PendingGroup> change) {
        DurabilityWaiters released = null;
        PendingGroup g = writer.lockGroup();
        try {
            Long queueId = queueIds.get(queue);
            if (g != null && queueId != null) {
                change.accept(g, queueId);
                released = g.takeReleased();
            }
        } finally {
            writer.unlockGroup();
        }
        runAll(released);
    }

    /** Runs a chain of released waiters ({@link PendingGroup#takeReleased}). */
    private static void runAll(DurabilityWaiters released) {
        for (DurabilityWaiters w = released; w != null; w = w.nextReleased) {
            try {
                w.runReleased();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "an action waiting for a message failed", e);
            }
        }
    }

    /** Called by the reader: entries whose message is missing are removed like any other. */
    void dropEntries(long queueId, List<Long> seqs) {
        PendingGroup g = writer.lockGroup();
        try {
            if (g != null) {
                for (long seq : seqs) {
                    g.removeEntry(queueId, seq);
                }
            }
        } finally {
            writer.unlockGroup();
        }
    }

    @Override
    public StoredQueue stored(QueueKey queue) {
        return read(() -> opened.getOrDefault(queue, StoredQueue.EMPTY));
    }

    @Override
    public void read(QueueKey queue, ReadRequest request, Consumer<StoredBatch> done) {
        Long queueId;
        PendingGroup g = writer.lockGroup();
        try {
            queueId = g == null ? null : queueIds.get(queue);
            if (queueId != null && (writer.isBehind()
                    || writer.hasUncommittedChange(queueId, request.afterSeq(), request.toSeq()))) {
                long id = queueId;
                g.addAction(() -> reader.submit(id, request, done));
                return;
            }
        } finally {
            writer.unlockGroup();
        }
        if (queueId == null) {
            done.accept(StoredBatch.empty(request));
        } else {
            reader.submit(queueId, request, done);
        }
    }

    @Override
    public Message load(long messageId) {
        return afterPendingWrites() ? reader.load(messageId) : null;
    }

    /** Waits until everything recorded so far is written; false when the store is closed. */
    private boolean afterPendingWrites() {
        CompletableFuture<Void> written = new CompletableFuture<>();
        PendingGroup g = writer.lockGroup();
        try {
            if (g == null) {
                return false;
            }
            g.addAction(() -> written.complete(null));
        } finally {
            writer.unlockGroup();
        }
        storage.requestCommit();
        written.join();
        return true;
    }

    @Override
    public void deleteQueue(QueueKey queue) {
        DurabilityWaiters released = null;
        PendingGroup g = writer.lockGroup();
        try {
            Long queueId = g == null ? null : queueIds.remove(queue);
            if (queueId != null) {
                if (unsavedQueueIds.remove(queue)) {
                    g.deleteOrphanEntries(queueId); // no row in queues to delete
                } else {
                    g.deleteQueue(queue, queueId);
                }
                opened.remove(queue);
                released = g.takeReleased();
            }
        } finally {
            writer.unlockGroup();
        }
        runAll(released);
    }

    @Override
    public Set<QueueKey> queues() {
        return read(() -> Set.copyOf(queueIds.keySet()));
    }

    @Override
    public long messageCount() {
        return afterPendingWrites() ? tables.messages.sizeLong() : 0;
    }

    @Override
    public long highestMessageId() {
        return highestMessageId;
    }

    @Override
    public void whenDurable(Runnable action) {
        PendingGroup g = writer.lockGroup();
        try {
            if (g != null) {
                g.addAction(action);
            }
        } finally {
            writer.unlockGroup();
        }
    }

    @Override
    public void whenMessageDurable(long messageId, Runnable action) {
        PendingGroup g = writer.lockGroup();
        try {
            if (g != null && !g.awaitMessage(messageId, action)) {
                g.addAction(action);
            }
        } finally {
            writer.unlockGroup();
        }
    }

    /** Runs a read of the small state under the group lock. */
    private <T> T read(Supplier<T> reader) {
        writer.lockGroup();
        try {
            return reader.get();
        } finally {
            writer.unlockGroup();
        }
    }

    /** Message records written to disk so far; a message enqueued and removed within one group is never written. */
    public long writtenMessages() {
        return writer.writtenMessages();
    }

    /** Messages whose write was cancelled because every reference went before their group was written. */
    public long cancelledMessages() {
        return writer.cancelledMessages();
    }

    /** Bytes of shared message records in the reader's cache. */
    public long cachedBytes() {
        return reader.cachedBytes();
    }

    /** The storage this store writes through (shared with the definition store). */
    public MapDbStorage storage() {
        return storage;
    }

    /** Closes the whole storage (this store and the definition store share it). */
    @Override
    public void close() {
        storage.close();
    }
}
