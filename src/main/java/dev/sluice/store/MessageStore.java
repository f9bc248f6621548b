package dev.sluice.store;

import dev.sluice.core.message.Message;
import java.util.List;
import java.util.Set;

/**
 * Where persistent messages on durable queues are kept. A message routed to several queues is
 * stored once and referenced from each queue's entry; the content goes when the last reference
 * goes. Queues call these methods with their own lock held, so implementations only record the
 * change in memory and write it later in groups ({@link #whenDurable} says when it is on disk).
 * A store that pages bodies out returns entries without their message and loads them on demand.
 *
 * <p>Threading: thread-safe; no method blocks on disk.
 */
public interface MessageStore extends AutoCloseable {
    /**
     * Records {@code message} at position {@code seq} of {@code queue}; the first reference to
     * {@code message.id()} stores it (taking its own reference to the body).
     */
    void enqueue(QueueKey queue, long seq, long expiresAt, int priority, Message message);

    /** Removes the entry at {@code seq}; the message goes with its last reference. */
    void remove(QueueKey queue, long seq);

    /** Records a requeue: the entry's new delivery count and redelivered flag. */
    void updateDelivery(QueueKey queue, long seq, int deliveryCount, boolean redelivered);

    /**
     * Records that the entry at {@code seq} has been handed to a consumer, so that after a restart
     * it comes back marked redelivered. Cheap: it joins the next group write like everything else.
     */
    void markDelivered(QueueKey queue, long seq);

    /**
     * The queue's entries in position order, as they were last recorded. Their messages are lent,
     * not given: they stay the store's, and a caller that keeps one retains it.
     */
    List<StoredEntry> recover(QueueKey queue);

    /** The message of an entry, loaded again if it was paged out; the caller owns one reference. */
    Message load(long messageId);

    /** Removes every entry of a queue (queue deleted or purged). */
    void deleteQueue(QueueKey queue);

    /** The queues the store holds entries (or an identity) for; recovery drops those nobody declares. */
    Set<QueueKey> queues();

    /** How many distinct messages the store holds (each counted once, however many queues). */
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

    /** Writes what is still pending and releases the store's resources; idempotent. */
    @Override
    void close();
}
