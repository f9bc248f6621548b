package dev.sluice.store.memory;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory store: keeps the same records a disk store keeps, with reference counting, so the
 * store contract holds for both; nothing survives the process. Every change is durable at once.
 *
 * <p>Threading: thread-safe. Each queue's entries are guarded by that queue's map monitor; the
 * shared message table is a concurrent map with per-message reference counts changed atomically.
 */
public final class MemoryMessageStore implements MessageStore {
    private final Map<QueueKey, TreeMap<Long, StoredEntry>> queues = new ConcurrentHashMap<>();
    private final Map<Long, Stored> messages = new ConcurrentHashMap<>();
    private final AtomicLong highestMessageId = new AtomicLong();

    /** A stored message and the number of queue entries that refer to it. */
    private static final class Stored {
        final Message message;
        int references;

        Stored(Message message) {
            this.message = message;
        }
    }

    @Override
    public void enqueue(QueueKey queue, long seq, long expiresAt, int priority, Message message) {
        long messageId = message.id();
        highestMessageId.accumulateAndGet(messageId, Math::max);
        messages.compute(messageId, (id, s) -> {
            Stored stored = s != null ? s : new Stored(message.retain());
            stored.references++;
            return stored;
        });
        TreeMap<Long, StoredEntry> entries = queues.computeIfAbsent(queue, k -> new TreeMap<>());
        synchronized (entries) {
            entries.put(seq, new StoredEntry(seq, messageId, expiresAt, priority, 0, false, null));
        }
    }

    @Override
    public void remove(QueueKey queue, long seq) {
        TreeMap<Long, StoredEntry> entries = queues.get(queue);
        if (entries == null) {
            return;
        }
        StoredEntry removed;
        synchronized (entries) {
            removed = entries.remove(seq);
        }
        if (removed != null) {
            dereference(removed.messageId());
        }
    }

    private void dereference(long messageId) {
        messages.computeIfPresent(messageId, (id, s) -> {
            if (--s.references == 0) {
                s.message.release();
                return null;
            }
            return s;
        });
    }

    @Override
    public void updateDelivery(QueueKey queue, long seq, int deliveryCount, boolean redelivered) {
        TreeMap<Long, StoredEntry> entries = queues.get(queue);
        if (entries == null) {
            return;
        }
        synchronized (entries) {
            entries.computeIfPresent(seq, (k, e) -> new StoredEntry(e.seq(), e.messageId(), e.expiresAt(),
                    e.priority(), deliveryCount, redelivered, null));
        }
    }

    @Override
    public void markDelivered(QueueKey queue, long seq) {
        TreeMap<Long, StoredEntry> entries = queues.get(queue);
        if (entries == null) {
            return;
        }
        synchronized (entries) {
            entries.computeIfPresent(seq, (k, e) -> e.redelivered() ? e : new StoredEntry(e.seq(), e.messageId(),
                    e.expiresAt(), e.priority(), e.deliveryCount(), true, null));
        }
    }

    @Override
    public List<StoredEntry> recover(QueueKey queue) {
        TreeMap<Long, StoredEntry> entries = queues.get(queue);
        if (entries == null) {
            return List.of();
        }
        List<StoredEntry> result;
        synchronized (entries) {
            result = new ArrayList<>(entries.size());
            for (StoredEntry e : entries.values()) {
                Stored s = messages.get(e.messageId());
                result.add(new StoredEntry(e.seq(), e.messageId(), e.expiresAt(), e.priority(),
                        e.deliveryCount(), e.redelivered(), s == null ? null : s.message));
            }
        }
        return result;
    }

    @Override
    public Message load(long messageId) {
        Stored s = messages.get(messageId);
        return s == null ? null : s.message.retain();
    }

    @Override
    public void deleteQueue(QueueKey queue) {
        TreeMap<Long, StoredEntry> entries = queues.remove(queue);
        if (entries == null) {
            return;
        }
        Map<Long, StoredEntry> copy;
        synchronized (entries) {
            copy = new HashMap<>(entries);
            entries.clear();
        }
        for (StoredEntry e : copy.values()) {
            dereference(e.messageId());
        }
    }

    @Override
    public Set<QueueKey> queues() {
        return Set.copyOf(queues.keySet());
    }

    @Override
    public long highestMessageId() {
        return highestMessageId.get();
    }

    @Override
    public long messageCount() {
        return messages.size();
    }

    @Override
    public void whenDurable(Runnable action) {
        action.run();
    }

    @Override
    public void close() {
        for (QueueKey key : List.copyOf(queues.keySet())) {
            deleteQueue(key);
        }
    }
}
