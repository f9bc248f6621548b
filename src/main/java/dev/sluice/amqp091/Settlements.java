package dev.sluice.amqp091;

import dev.sluice.amqp091.UnackedDeliveries.Unacked;
import dev.sluice.core.queue.Queue;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies acks, requeues and rejects to the core queues, grouping acks per queue so a "multiple"
 * ack takes each queue's lock once.
 *
 * <p>Threading: stateless.
 */
final class Settlements {
    private Settlements() {
    }

    static void ack(List<Unacked> settled) {
        if (settled.size() == 1) {
            Unacked u = settled.get(0);
            u.queue().ack(u.deliveryId());
            return;
        }
        Map<Queue, long[]> ids = new IdentityHashMap<>();
        Map<Queue, Integer> counts = new IdentityHashMap<>();
        for (Unacked u : settled) {
            long[] arr = ids.computeIfAbsent(u.queue(), q -> new long[settled.size()]);
            int n = counts.merge(u.queue(), 1, Integer::sum);
            arr[n - 1] = u.deliveryId();
        }
        for (Map.Entry<Queue, long[]> e : ids.entrySet()) {
            e.getKey().ack(e.getValue(), counts.get(e.getKey()));
        }
    }

    /** Requeue (counting the delivery, as nack / reject with requeue do) or dead-letter. */
    static void nack(List<Unacked> settled, boolean requeue, boolean countDelivery) {
        for (Unacked u : settled) {
            if (requeue) {
                u.queue().requeue(u.deliveryId(), countDelivery);
            } else {
                u.queue().reject(u.deliveryId());
            }
        }
    }
}
