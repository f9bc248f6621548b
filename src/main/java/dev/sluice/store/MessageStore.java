package dev.sluice.store;

import dev.sluice.core.message.Message;
import java.util.List;

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

    /** The queue's entries in position order, as they were last recorded. */
    List<StoredEntry> recover(QueueKey queue);

    /** The message of an entry, loaded again if it was paged out; the caller owns one reference. */
    Message load(long messageId);

    /** Removes every entry of a queue (queue deleted or purged). */
    void deleteQueue(QueueKey queue);

    /** How many distinct messages the store holds (each counted once, however many queues). */
    long messageCount();

    /** Runs {@code action} once everything recorded before this call is durable. */
    void whenDurable(Runnable action);

    @Override
    void close();
}
