package dev.sluice.store.mapdb;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sluice.core.message.Message;
import dev.sluice.store.ReadRequest;
import dev.sluice.store.StoredBatch;
import dev.sluice.store.StoredEntry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The storage reader: one thread that reads queue entries and their messages back from the
 * tables for queues that page in, so that neither an event loop nor a thread holding a queue lock
 * ever waits on the disk. Records of messages more than one queue refers to are kept in a Caffeine
 * cache bounded by bytes (the second queue to read such a message finds it there); a message in
 * one queue is read once and never cached. The writer fills the cache as it writes shared
 * messages and empties it of deleted ones.
 *
 * <p>Threading: {@link #submit} from any thread; reads run on the reader thread (and
 * {@link #load} on the caller's); the cache is thread-safe.
 */
final class MapDbReader implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MapDbReader.class.getName());

    /** Told about entries whose message is missing; they are dropped from the answer. */
    @FunctionalInterface
    interface MissingMessages {
        void entriesWithoutMessage(long queueId, List<Long> seqs);
    }

    private final MapDbTables tables;
    private final MissingMessages missing;
    private final Cache<Long, byte[]> shared;
    private final ThreadPoolExecutor thread;

    MapDbReader(MapDbTables tables, long cacheBytes, String threadName, MissingMessages missing) {
        this.tables = tables;
        this.missing = missing;
        this.shared = Caffeine.newBuilder()
                .maximumWeight(cacheBytes)
                .weigher((Long id, byte[] record) -> record.length)
                .executor(Runnable::run)
                .build();
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, threadName);
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.DiscardPolicy());
    }

    /** Reads on the reader thread and hands the answer to {@code done} there; dropped after close. */
    void submit(long queueId, ReadRequest request, Consumer<StoredBatch> done) {
        thread.execute(() -> done.accept(readOrFail(queueId, request)));
    }

    private StoredBatch readOrFail(long queueId, ReadRequest request) {
        try {
            return read(queueId, request);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "reading queue id " + queueId + " failed", e);
            return StoredBatch.failed(e);
        }
    }

    /** Reads entries of a queue with their messages, as {@link ReadRequest} describes. */
    StoredBatch read(long queueId, ReadRequest request) {
        List<StoredEntry> read = new ArrayList<>();
        List<Long> withoutMessage = null;
        long scanned = 0;
        long scannedBytes = 0;
        long bodyBytes = 0;
        long last = request.afterSeq();
        boolean exhausted = true;
        try {
            Iterator<Map.Entry<Object[], byte[]>> it = tables.entries.entryIterator(
                    MapDbTables.entryKey(queueId, request.afterSeq()), false,
                    MapDbTables.entryKey(queueId, request.toSeq()), true);
            while (it.hasNext()) {
                if (read.size() >= request.maxEntries() || bodyBytes >= request.maxBytes()) {
                    exhausted = false;
                    break;
                }
                Map.Entry<Object[], byte[]> e = it.next();
                long seq = (Long) e.getKey()[1];
                EntryRecord r = EntryRecord.decode(e.getValue());
                scanned++;
                scannedBytes += r.bodySize();
                last = seq;
                byte[] record = record(r.messageId());
                if (record == null) {
                    withoutMessage = withoutMessage == null ? new ArrayList<>() : withoutMessage;
                    withoutMessage.add(seq);
                    continue;
                }
                Message m = MessageCodec.decode(r.messageId(), record);
                bodyBytes += m.bodySize();
                read.add(new StoredEntry(seq, r.messageId(), r.expiresAt(), r.priority(), r.deliveryCount(),
                        r.redelivered(), m));
            }
        } catch (RuntimeException e) {
            new StoredBatch(read, last, scanned, scannedBytes, false, null).release();
            throw e;
        }
        if (withoutMessage != null) {
            LOG.log(System.Logger.Level.WARNING, withoutMessage.size() + " entries of queue id " + queueId
                    + " refer to a message that is not stored; they are dropped");
            missing.entriesWithoutMessage(queueId, withoutMessage);
        }
        return new StoredBatch(read, exhausted ? request.toSeq() : last, scanned, scannedBytes, exhausted, null);
    }

    /** The message with this id read on the caller's thread, or null; the caller owns it. */
    Message load(long messageId) {
        byte[] record = record(messageId);
        return record == null ? null : MessageCodec.decode(messageId, record);
    }

    /** A message record: from the cache, else from the table (cached when the message is shared). */
    private byte[] record(long messageId) {
        byte[] cached = shared.getIfPresent(messageId);
        if (cached != null) {
            return cached;
        }
        byte[] record = tables.messages.get(messageId);
        if (record != null && tables.shared.containsKey(messageId)) {
            shared.put(messageId, record);
        }
        return record;
    }

    /** The writer wrote (or counted) a message several queues refer to. */
    void remember(long messageId, byte[] record) {
        shared.put(messageId, record);
    }

    /** The writer deleted a message. */
    void forget(long messageId) {
        shared.invalidate(messageId);
    }

    /** Bytes of message records in the cache. */
    long cachedBytes() {
        return shared.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    /**
     * Stops the thread; reads not started are dropped, a running one finishes (waits up to 10 s).
     * The thread is not interrupted: an interrupt would close MapDB's file channel under it.
     */
    @Override
    public void close() {
        thread.getQueue().clear();
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
