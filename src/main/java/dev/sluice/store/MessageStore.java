package dev.sluice.store;

import dev.sluice.core.message.Message;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where persistent messages on durable queues are kept, and where queues page out messages that
 * must not survive a restart ({@link #pageOut}). A message routed to several queues is
 * stored once and referenced from each queue's entry; the content goes when the last reference
 * goes. Queues call the recording methods with their own lock held, so implementations only
 * record the change in memory and write it later in groups ({@link #whenDurable} says when it is
 * on disk).
 *
 * <p>A store need not keep what it holds in memory: a queue whose messages no longer fit in
 * memory hands them to the store and keeps only their positions, and reads them back in batches
 * with {@link #read}, which answers on the store's own thread and sees everything recorded before
 * it was asked (read-your-writes).
 *
 * <p>Threading: thread-safe. The recording methods and {@link #read} never block on disk;
 * {@link #recover}, {@link #load} and {@link #messageCount} may, and are meant for tests, tools and
 * broker start, never for an event loop or a queue lock.
 */
public interface MessageStore extends AutoCloseable {
    /**
     * Records {@code message} at position {@code seq} of {@code queue}; the first reference to
     * {@code message.id()} stores its content. Returns false when the message cannot be stored
     * (its headers hold a value the store cannot write): nothing is recorded and the caller keeps
     * the message in memory only.
     */
    boolean enqueue(QueueKey queue, long seq, long expiresAt, int priority, Message message);

    /**
     * Records a <em>paged-out</em> copy of {@code message} at position {@code seq} of {@code queue}:
     * a message that must not survive a restart (a transient message, or any message of a
     * transient or exclusive queue), handed to the store only because the queue's memory budget
     * is exceeded. It is read back by {@link #read} in position order with the queue's other
     * entries and removed, updated and purged like them, but never recovered: opening the store
     * discards every such entry (and the references it holds) before any queue reads. Nobody waits
     * for it to be durable. Returns false when the store does not page out (a memory store) or
     * cannot write the message; nothing is then recorded and the caller keeps it in memory.
     */
    default boolean pageOut(QueueKey queue, long seq, long expiresAt, int priority, Message message) {
        return false;
    }

    /** Removes the entry at {@code seq}; the message goes with its last reference. */
    void remove(QueueKey queue, long seq);

    /**
     * Removes every entry at positions {@code afterSeq < seq <= toSeq} (a purge of messages the
     * queue no longer holds in memory). The store may do the work in the background, but the
     * removal is recorded like any other change: once durable, the entries never come back.
     */
    void removeRange(QueueKey queue, long afterSeq, long toSeq);

    /** Records a requeue: the entry's new delivery count and redelivered flag. */
    void updateDelivery(QueueKey queue, long seq, int deliveryCount, boolean redelivered);

    /**
     * Records that the entry at {@code seq} has been handed to a consumer, so that after a restart
     * it comes back marked redelivered. Cheap: it joins the next group write like everything else.
     */
    void markDelivered(QueueKey queue, long seq);

    /**
     * What the store held for {@code queue} when it was opened (the summary a queue is restored
     * from at broker start); {@link StoredQueue#EMPTY} when nothing. Not updated afterwards.
     */
    StoredQueue stored(QueueKey queue);

    /**
     * Reads entries of {@code queue} with their messages and hands them to {@code done}, on a
     * thread of the store's choosing (possibly the caller's, so never call this with a lock held
     * that {@code done} takes). The read sees every change recorded before this call. A failed read
     * is answered with {@link StoredBatch#failed}; after {@link #close} the answer may never come.
     */
    void read(QueueKey queue, ReadRequest request, Consumer<StoredBatch> done);

    /**
     * Every entry of the queue with its message, in position order; the caller owns one reference
     * to each message. Blocks until the read is done: for tests and tools only.
     */
    default List<StoredEntry> recover(QueueKey queue) {
        CompletableFuture<StoredBatch> answer = new CompletableFuture<>();
        read(queue, ReadRequest.everything(), answer::complete);
        StoredBatch batch = answer.join();
        if (batch.failure() != null) {
            throw new StoreException("cannot read " + queue + ": " + batch.failure(), batch.failure());
        }
        return batch.entries();
    }

    /**
     * The message with this id, or null; the caller owns one reference. May read the disk: for
     * tests and tools only.
     */
    Message load(long messageId);

    /** Removes every entry of a queue (queue deleted). */
    void deleteQueue(QueueKey queue);

    /** The queues the store holds entries (or an identity) for; recovery drops those nobody declares. */
    Set<QueueKey> queues();

    /**
     * How many distinct messages the store holds (each counted once, however many queues) once
     * everything recorded so far is written. May wait for a write: for tests and tools only.
     */
    long messageCount();

    /**
     * The highest message id the store holds or held when it was opened (0 when none), so that the
     * broker's id counter can continue above it.
     */
    long highestMessageId();

    /**
     * Runs {@code action} once everything recorded before this call is durable. The action may run
     * on the store's own thread and must not block; after {@link #close} it is dropped, never run.
     */
    void whenDurable(Runnable action);

    /**
     * Runs {@code action} once the message with id {@code messageId}, as recorded so far, can no
     * longer be lost: when every entry recorded for it is durable, or earlier, when every queue
     * let go of it before its write (consumed and acknowledged, expired, purged), so that it is
     * never written at all. This is when a publisher confirm or an AMQP 1.0 {@code accepted} for a
     * persistent message may go out: a consumer that keeps up settles most messages within the
     * group they were recorded in, and their publishers need not wait for a commit that writes
     * nothing of them. The action may run on any thread, possibly the caller's or a thread that
     * holds a queue's lock, so it must only hand work on and never block; after {@link #close} it
     * may be dropped. The default waits for everything recorded before, as {@link #whenDurable}.
     */
    default void whenMessageDurable(long messageId, Runnable action) {
        whenDurable(action);
    }

    /** Writes what is still pending and releases the store's resources; idempotent. */
    @Override
    void close();
}
