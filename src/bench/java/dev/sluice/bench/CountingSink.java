package dev.sluice.bench;

import dev.sluice.core.queue.Delivery;
import dev.sluice.core.queue.DeliverySink;
import dev.sluice.core.queue.Subscription;

/**
 * An auto-ack consumer that only counts what it is given (the count is read back so the
 * deliveries cannot be optimized away).
 *
 * <p>Threading: {@link #deliver} runs on the publishing thread (the queue delivers synchronously
 * inside {@code publish}), which is the benchmark thread.
 */
final class CountingSink implements DeliverySink {
    private long delivered;

    @Override
    public void deliver(Subscription subscription, Delivery delivery) {
        delivered++;
    }

    long delivered() {
        return delivered;
    }
}
