package dev.sluice.store.mapdb;

import dev.sluice.core.message.Message;
import dev.sluice.store.MessageStore;
import dev.sluice.store.QueueKey;
import dev.sluice.store.StoredEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The MapDB message store. It keeps an in-memory mirror of what is stored (each queue's entries
 * and each message with its reference count, holding one reference to the body), records every
 * change into the writer's pending group and lets the {@link GroupWriter} put the group on disk.
 * Store methods therefore cost a few map operations and never touch the file. The reference
 * counts live in memory only: on disk the truth is the set of entries, and opening the store
 * counts them again (so a count can never drift from the entries that make it).
 *
 * <p>Not yet: paging. Every stored message stays in memory, as it does in its queues; a paging
 * store will keep bodies only on disk and return entries without their message.
 *
 * <p>Threading: thread-safe. The mirror is guarded by the writer's group lock, the innermost lock
 * of the broker, held only for the in-memory work of one call.
 */
public final class MapDbMessageStore implements MessageStore {
    private final MapDbStorage storage;
    private final GroupWriter writer;
    private final Map<QueueKey, QueueEntries> queues = new HashMap<>();
    private final Map<Long, StoredMessage> messages = new HashMap<>();
    private long nextQueueId = 1;
    private long highestMessageId;

    /** One queue's entries in the mirror and the id its entries are stored under. */
    private static final class QueueEntries {
        final long id;
        final TreeMap<Long, EntryRecord> entries = new TreeMap<>();

        QueueEntries(long id) {
            this.id = id;
        }
    }

    /** A stored message and the number of entries that refer to it. */
    private static final class StoredMessage {
        final Message message;
        int references;

        StoredMessage(Message message) {
            this.message = message;
        }
    }

    MapDbMessageStore(MapDbStorage storage, GroupWriter writer) {
        this.storage = storage;
        this.writer = writer;
    }

    /**
     * Reads the tables into the mirror before the writer starts. Entries of unknown queues,
     * messages no entry refers to and entries whose message is missing are removed in the first
     * group; a message record that cannot be read stops the opening (nothing is dropped silently).
     */
    void load(MapDbTables tables) {
        PendingGroup g = writer.lockGroup();
        try {
            Map<Long, QueueEntries> byId = new HashMap<>();
            tables.queues.forEach((key, id) -> {
                QueueEntries q = new QueueEntries(id);
                queues.put(new QueueKey((String) key[0], (String) key[1]), q);
                byId.put(id, q);
                nextQueueId = Math.max(nextQueueId, id + 1);
            });
            Map<Long, Integer> references = new HashMap<>();
            tables.entries.forEach((key, bytes) -> {
                long queueId = (Long) key[0];
                QueueEntries q = byId.get(queueId);
                if (q == null) {
                    g.deleteOrphanEntries(queueId);
                    return;
                }
                EntryRecord r = EntryRecord.decode(bytes);
                q.entries.put((Long) key[1], r);
                references.merge(r.messageId(), 1, Integer::sum);
            });
            tables.messages.forEach((id, bytes) -> {
                highestMessageId = Math.max(highestMessageId, id);
                Integer count = references.remove(id);
                if (count == null) {
                    g.messageDeletes.add(id);
                    return;
                }
                StoredMessage s = new StoredMessage(MessageCodec.decode(id, bytes));
                s.references = count;
                messages.put(id, s);
            });
            if (!references.isEmpty()) {
                dropEntriesOf(references.keySet(), g);
            }
        } finally {
            writer.unlockGroup();
        }
    }

    private void dropEntriesOf(Set<Long> missingMessages, PendingGroup g) {
        System.getLogger(MapDbMessageStore.class.getName()).log(System.Logger.Level.WARNING,
                missingMessages.size() + " stored message(s) could not be found; their queue entries are dropped");
        for (QueueEntries q : queues.values()) {
            q.entries.entrySet().removeIf(e -> {
                boolean missing = missingMessages.contains(e.getValue().messageId());
                if (missing) {
                    g.removeEntry(q.id, e.getKey());
                }
                return missing;
            });
        }
    }

    @Override
    public void enqueue(QueueKey queue, long seq, long expiresAt, int priority, Message message) {
        PendingGroup g = writer.lockGroup();
        try {
            if (g == null) {
                return;
            }
            QueueEntries q = queues.get(queue);
            if (q == null) {
                q = new QueueEntries(nextQueueId++);
                queues.put(queue, q);
                g.putQueueId(queue, q.id);
            }
            StoredMessage s = messages.get(message.id());
            if (s == null) {
                s = new StoredMessage(message.retain());
                messages.put(message.id(), s);
                highestMessageId = Math.max(highestMessageId, message.id());
                g.putMessage(message);
            }
            s.references++;
            EntryRecord r = new EntryRecord(message.id(), expiresAt, priority, 0, false);
            q.entries.put(seq, r);
            g.putEntry(q.id, seq, r, true);
        } finally {
            writer.unlockGroup();
        }
    }

    @Override
    public void remove(QueueKey queue, long seq) {
        PendingGroup g = writer.lockGroup();
        try {
            QueueEntries q = queues.get(queue);
            EntryRecord r = g == null || q == null ? null : q.entries.remove(seq);
            if (r != null) {
                g.removeEntry(q.id, seq);
                dereference(r.messageId(), g);
            }
        } finally {
            writer.unlockGroup();
        }
    }

    private void dereference(long messageId, PendingGroup g) {
        StoredMessage s = messages.get(messageId);
        if (s != null && --s.references == 0) {
            messages.remove(messageId);
            s.message.release();
            g.dropMessage(messageId);
        }
    }

    @Override
    public void updateDelivery(QueueKey queue, long seq, int deliveryCount, boolean redelivered) {
        updateEntry(queue, seq, r -> r.withDelivery(deliveryCount, redelivered));
    }

    @Override
    public void markDelivered(QueueKey queue, long seq) {
        updateEntry(queue, seq, r -> r.redelivered() ? r : r.withDelivery(r.deliveryCount(), true));
    }

    /** Replaces an entry's record; an unchanged record is not written again. */
    private void updateEntry(QueueKey queue, long seq, UnaryOperator<EntryRecord> update) {
        PendingGroup g = writer.lockGroup();
        try {
            QueueEntries q = queues.get(queue);
            EntryRecord r = g == null || q == null ? null : q.entries.get(seq);
            EntryRecord updated = r == null ? null : update.apply(r);
            if (updated != null && !updated.equals(r)) {
                q.entries.put(seq, updated);
                g.putEntry(q.id, seq, updated, false);
            }
        } finally {
            writer.unlockGroup();
        }
    }

    @Override
    public List<StoredEntry> recover(QueueKey queue) {
        writer.lockGroup();
        try {
            QueueEntries q = queues.get(queue);
            if (q == null) {
                return List.of();
            }
            List<StoredEntry> result = new ArrayList<>(q.entries.size());
            q.entries.forEach((seq, r) -> {
                StoredMessage s = messages.get(r.messageId());
                result.add(new StoredEntry(seq, r.messageId(), r.expiresAt(), r.priority(), r.deliveryCount(),
                        r.redelivered(), s == null ? null : s.message));
            });
            return result;
        } finally {
            writer.unlockGroup();
        }
    }

    @Override
    public Message load(long messageId) {
        return read(() -> {
            StoredMessage s = messages.get(messageId);
            return s == null ? null : s.message.retain();
        });
    }


    @Override
    public void deleteQueue(QueueKey queue) {
        PendingGroup g = writer.lockGroup();
        try {
            QueueEntries q = g == null ? null : queues.remove(queue);
            if (q != null) {
                for (EntryRecord r : q.entries.values()) {
                    dereference(r.messageId(), g);
                }
                g.deleteQueue(queue, q.id);
            }
        } finally {
            writer.unlockGroup();
        }
    }

    @Override
    public Set<QueueKey> queues() {
        return read(() -> Set.copyOf(queues.keySet()));
    }


    @Override
    public long messageCount() {
        return read(() -> (long) messages.size());
    }


    @Override
    public long highestMessageId() {
        return read(() -> highestMessageId);
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

    /** Runs a read of the mirror under the group lock. */
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

    /** The storage this store writes through (shared with the definition store). */
    public MapDbStorage storage() {
        return storage;
    }

    /** Gives back the mirror's body references; called by the storage once the writer has stopped. */
    void releaseMirror() {
        writer.lockGroup();
        try {
            for (StoredMessage s : messages.values()) {
                s.message.release();
            }
            messages.clear();
            queues.clear();
        } finally {
            writer.unlockGroup();
        }
    }

    /** Closes the whole storage (this store and the definition store share it). */
    @Override
    public void close() {
        storage.close();
    }
}
