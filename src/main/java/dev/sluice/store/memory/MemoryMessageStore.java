package dev.sluice.store.memory;

import dev.sluice.core.message.Message;
import dev.sluice.store.MessageStore;
import dev.sluice.store.QueueKey;
import dev.sluice.store.ReadRequest;
import dev.sluice.store.StoredBatch;
import dev.sluice.store.StoredEntry;
import dev.sluice.store.StoredQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The in-memory store: keeps the same records a disk store keeps, with reference counting, so the
 * store contract holds for both; nothing survives the process. Every change is durable at once.
 * Reads answer on the executor given at construction (by default at once, on the caller's thread),
 * which lets queue tests decide when a page-in lands.
 *
 * <p>Threading: thread-safe. Each queue's entries are guarded by that queue's map monitor; the
 * shared message table is a concurrent map with per-message reference counts changed atomically.
 */
public final class MemoryMessageStore implements MessageStore {
    private final Map<QueueKey, TreeMap<Long, StoredEntry>> queues = new ConcurrentHashMap<>();
    private final Map<Long, Stored> messages = new ConcurrentHashMap<>();
    private final AtomicLong highestMessageId = new AtomicLong();
    private final Executor readAnswers;

    /** A stored message and the number of queue entries that refer to it. */
    private static final class Stored {
        final Message message;
        int references;

        Stored(Message message) {
            this.message = message;
        }
    }

    /** A store whose reads answer at once, on the caller's thread. */
    public MemoryMessageStore() {
        this(Runnable::run);
    }

    /** A store whose reads answer on {@code readAnswers}. */
    public MemoryMessageStore(Executor readAnswers) {
        this.readAnswers = readAnswers;
    }

    @Override
    public boolean enqueue(QueueKey queue, long seq, long expiresAt, int priority, Message message) {
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
        return true;
    }

    /**
     * Kept like any other entry: nothing in a memory store survives a restart anyway. (A broker with
     * a memory store never exceeds its memory budget, so only tests of queues page out here.)
     */
    @Override
    public boolean pageOut(QueueKey queue, long seq, long expiresAt, int priority, Message message) {
        return message.id() != 0 && enqueue(queue, seq, expiresAt, priority, message);
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

    @Override
    public void removeRange(QueueKey queue, long afterSeq, long toSeq) {
        TreeMap<Long, StoredEntry> entries = queues.get(queue);
        if (entries == null) {
            return;
        }
        List<StoredEntry> removed;
        synchronized (entries) {
            NavigableMap<Long, StoredEntry> range = entries.subMap(afterSeq, false, toSeq, true);
            removed = new ArrayList<>(range.values());
            range.clear();
        }
        for (StoredEntry e : removed) {
            dereference(e.messageId());
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
    public StoredQueue stored(QueueKey queue) {
        TreeMap<Long, StoredEntry> entries = queues.get(queue);
        if (entries == null) {
            return StoredQueue.EMPTY;
        }
        synchronized (entries) {
            if (entries.isEmpty()) {
                return StoredQueue.EMPTY;
            }
            long bytes = 0;
            for (StoredEntry e : entries.values()) {
                Stored s = messages.get(e.messageId());
                bytes += s == null ? 0 : s.message.bodySize();
            }
            return new StoredQueue(entries.size(), bytes, entries.firstKey() - 1, entries.lastKey());
        }
    }

    @Override
    public void read(QueueKey queue, ReadRequest request, Consumer<StoredBatch> done) {
        StoredBatch batch = readNow(queue, request);
        readAnswers.execute(() -> done.accept(batch));
    }

    /** Reads at once on the caller's thread, whatever executor answers {@link #read}. */
    @Override
    public List<StoredEntry> recover(QueueKey queue) {
        return readNow(queue, ReadRequest.everything()).entries();
    }

    private StoredBatch readNow(QueueKey queue, ReadRequest request) {
        TreeMap<Long, StoredEntry> entries = queues.get(queue);
        if (entries == null) {
            return StoredBatch.empty(request);
        }
        List<StoredEntry> read = new ArrayList<>();
        long bytes = 0;
        long last = request.afterSeq();
        synchronized (entries) {
            NavigableMap<Long, StoredEntry> range = entries.subMap(request.afterSeq(), false, request.toSeq(), true);
            for (StoredEntry e : range.values()) {
                if (read.size() >= request.maxEntries() || bytes >= request.maxBytes()) {
                    return new StoredBatch(read, last, read.size(), bytes, false, null);
                }
                Stored s = messages.get(e.messageId());
                Message m = s.message.retain();
                read.add(new StoredEntry(e.seq(), e.messageId(), e.expiresAt(), e.priority(), e.deliveryCount(),
                        e.redelivered(), m));
                bytes += m.bodySize();
                last = e.seq();
            }
        }
        return new StoredBatch(read, request.toSeq(), read.size(), bytes, true, null);
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
        List<StoredEntry> removed;
        synchronized (entries) {
            removed = new ArrayList<>(entries.values());
            entries.clear();
        }
        for (StoredEntry e : removed) {
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
