package dev.sluice.core.queue;

/**
 * The adapter's side of a subscription: where deliveries go.
 *
 * <p>Threading: {@link #deliver} and {@link #canAccept} are called with the queue's lock held,
 * from whichever thread is dispatching; they must not block. They may call back into the same
 * queue (an auto-settling consumer in a test, say); the queue defers the nested dispatch.
 * {@link #cancelledByBroker} is called without any queue lock.
 */
public interface DeliverySink {
    /** Takes one delivery; see {@link Delivery} for who owns the message. */
    void deliver(Subscription subscription, Delivery delivery);

    /**
     * Adapter-level readiness, checked before each delivery on top of the consumer's own window:
     * channel flow, a channel-wide prefetch, a socket that stopped being writable. When it turns
     * true again the adapter calls {@link Subscription#resume()}.
     */
    default boolean canAccept() {
        return true;
    }

    /** The broker ended the subscription (its queue was deleted): 0-9-1 basic.cancel, 1.0 detach. */
    default void cancelledByBroker(Subscription subscription) {
    }
}
