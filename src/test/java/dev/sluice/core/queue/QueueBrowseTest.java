package dev.sluice.core.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.core.Owner;
import dev.sluice.core.message.Message;
import dev.sluice.testing.Browsing;
import dev.sluice.testing.ManualScheduler;
import dev.sluice.testing.Messages;
import dev.sluice.testing.RecordingSink;
import dev.sluice.testing.TestQueueHost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Browsing: the ready messages in delivery order, copied, not taken. */
class QueueBrowseTest {
    private final TestQueueHost host = new TestQueueHost();

    private static void put(Queue q, Message m) {
        q.enqueue(m);
        m.release();
    }

    @Test
    void browsingShowsReadyMessagesInOrderAndLeavesThem() {
        Queue q = host.queue(Map.of());
        put(q, Messages.text("a"));
        put(q, Messages.text("b"));
        assertEquals(List.of("a", "b"), Browsing.bodies(q));
        assertEquals(2, q.messageCount());
        q.purge();
    }

    @Test
    void priorityOrderAndRequeuedMessagesComeFirstLikeDeliveries() {
        Queue q = host.queue(Map.of("x-max-priority", 9));
        put(q, Messages.withPriority("low-1", 1));
        put(q, Messages.withPriority("low-2", 1));
        put(q, Messages.withPriority("high", 8));
        RecordingSink sink = new RecordingSink();
        Subscription s = q.subscribe(ConsumerSpec.of("c", new Owner("t")).withPrefetch(2), sink);
        assertEquals(List.of("high", "low-1"), sink.bodies());
        s.cancel();
        q.requeue(sink.deliveries().get(1).deliveryId(), false);
        assertEquals(List.of("low-1", "low-2"), Browsing.bodies(q), "unsettled 'high' is not shown");
        q.ack(sink.deliveries().get(0).deliveryId());
        q.purge();
    }

    @Test
    void expiredMessagesAreNotShown() {
        ManualScheduler clock = host.scheduler;
        Queue q = host.queue(Map.of("x-message-ttl", 100));
        put(q, Messages.text("old"));
        clock.advance(150);
        assertEquals(List.of(), Browsing.bodies(q));
    }
}
