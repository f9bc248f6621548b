package dev.sluice.core.queue;

import dev.sluice.core.message.Message;

/**
 * One message's place in one queue: its sequence number (its original position, to which a
 * requeue returns it), expiry, delivery count and, while it is out with a consumer, who holds it.
 *
 * <p>Threading: guarded by the owning queue's lock.
 */
final class QueueEntry {
    final long seq;
    final Message message;
    final long expiresAt;
    final int priority;
    /** The body size, read once: the body's buffer is shared with other queues and threads. */
    private final int size;
    int deliveryCount;
    boolean redelivered;
    /**
     * The store holds an entry at its position (a persistent message the store took, or one read
     * back from the store, ephemeral or not): settling it removes that entry.
     */
    boolean stored;
    /** The subscription holding it unsettled, or {@link Queue#GET_HOLDER} for basic.get; null when ready. */
    Object holder;
    /** It sits in a run of the {@link Backlog} (behind the head window). */
    boolean inRun;
    /** A filtered consumer took it out of its backlog run; it stays there as a placeholder. */
    boolean outOfRun;

    QueueEntry(long seq, Message message, long expiresAt, int priority) {
        this.seq = seq;
        this.message = message;
        this.expiresAt = expiresAt;
        this.priority = priority;
        this.size = message.bodySize();
    }

    boolean expiredAt(long now) {
        return expiresAt <= now;
    }

    int size() {
        return size;
    }
}
