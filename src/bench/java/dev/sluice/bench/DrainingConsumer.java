package dev.sluice.bench;

import dev.sluice.core.queue.Delivery;
import dev.sluice.core.queue.DeliverySink;
import dev.sluice.core.queue.Subscription;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One consumer of the backlog benchmark, as a client would be: deliveries arrive on whatever
 * thread dispatches (the sink only checks order and queues the delivery id), and an acker thread
 * settles them in batches with {@link dev.sluice.core.queue.Queue#ack(long[], int)}. Bodies start
 * with the message's number within its queue, so order is checked as they arrive.
 *
 * <p>Threading: {@link #deliver} is called under the queue's lock, one call at a time;
 * {@link #ackSome} from acker threads; counters are atomic.
 */
final class DrainingConsumer implements DeliverySink {
    private final BlockingQueue<Long> toAck;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong outOfOrder = new AtomicLong();
    private long expectedNumber;
    private volatile Subscription subscription;

    DrainingConsumer(int prefetch) {
        this.toAck = new ArrayBlockingQueue<>(prefetch + 1);
    }

    void attach(Subscription s) {
        subscription = s;
    }

    @Override
    public void deliver(Subscription s, Delivery delivery) {
        long number = delivery.message().body().getLong(delivery.message().body().readerIndex());
        if (number != expectedNumber) {
            outOfOrder.incrementAndGet();
        }
        expectedNumber = number + 1;
        received.incrementAndGet();
        if (!toAck.offer(delivery.deliveryId())) {
            throw new IllegalStateException("more deliveries than the prefetch allows");
        }
    }

    @Override
    public boolean canAccept() {
        return true;
    }

    @Override
    public void cancelledByBroker(Subscription s) {
    }

    /** Acks what has arrived; returns how many. */
    int ackSome(long[] buffer) {
        if (subscription == null) {
            return 0;
        }
        int n = 0;
        Long id;
        while (n < buffer.length && (id = toAck.poll()) != null) {
            buffer[n++] = id;
        }
        if (n > 0) {
            subscription.queue().ack(buffer, n);
        }
        return n;
    }

    long received() {
        return received.get();
    }

    long outOfOrder() {
        return outOfOrder.get();
    }
}
