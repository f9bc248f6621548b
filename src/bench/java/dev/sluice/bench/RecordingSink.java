package dev.sluice.bench;

import dev.sluice.core.queue.Delivery;
import dev.sluice.core.queue.DeliverySink;
import dev.sluice.core.queue.Queue;
import dev.sluice.core.queue.Subscription;

/**
 * A consumer that settles: it records each delivery id as the queue hands it over, and the
 * benchmark acks the recorded ids, singly or in batches, as a client's acks would arrive.
 *
 * <p>Threading: {@link #deliver} runs on the publishing thread (the queue delivers synchronously
 * inside {@code publish}), which is the benchmark thread; so is every other call.
 */
final class RecordingSink implements DeliverySink {
    private final long[] ids;
    private int count;

    /** A sink that holds at most {@code batch} unsettled ids. */
    RecordingSink(int batch) {
        this.ids = new long[batch];
    }

    @Override
    public void deliver(Subscription subscription, Delivery delivery) {
        ids[count++] = delivery.deliveryId();
    }

    /** Acks the recorded ids in one call once {@code batch} of them are here; returns how many. */
    int ackWhenFull(Queue queue) {
        if (count < ids.length) {
            return 0;
        }
        int settled = queue.ack(ids, count);
        count = 0;
        return settled;
    }

    /** Acks every recorded id with one call each; returns how many the queue knew. */
    int ackEach(Queue queue) {
        int settled = 0;
        for (int i = 0; i < count; i++) {
            if (queue.ack(ids[i])) {
                settled++;
            }
        }
        count = 0;
        return settled;
    }
}
