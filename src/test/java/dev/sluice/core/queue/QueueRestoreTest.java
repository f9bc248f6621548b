package dev.sluice.core.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.message.Message;
import dev.sluice.core.message.MessageProperties;
import dev.sluice.store.QueueKey;
import dev.sluice.store.StoredEntry;
import dev.sluice.testing.Messages;
import dev.sluice.testing.TestQueueHost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Queue#restore} and {@link Queue#expireDue} on plain objects. */
class QueueRestoreTest {
    private final TestQueueHost host = new TestQueueHost();
    private final List<Message> lent = new java.util.ArrayList<>();

    @AfterEach
    void releaseLentMessages() {
        lent.forEach(Message::release);
    }

    /** A stored entry whose message the test keeps (as a store would) and releases at the end. */
    private StoredEntry stored(long seq, String body, long expiresAt, int priority, int deliveryCount,
                               boolean redelivered) {
        Message m = Messages.text(body, MessageProperties.builder().persistent().build()).withId(100 + seq);
        lent.add(m);
        return new StoredEntry(seq, m.id(), expiresAt, priority, deliveryCount, redelivered, m);
    }

    private static Delivery take(Queue q) {
        GetResult r = q.get(true);
        r.delivery().message().release();
        return r.delivery();
    }

    @Test
    void entriesComeBackReadyInOrderWithTheirDeliveryState() {
        Queue q = host.queue(Map.of());
        q.restore(List.of(stored(3, "a", Long.MAX_VALUE, 0, 2, true), stored(7, "b", Long.MAX_VALUE, 0, 0, false)));
        assertEquals(2, q.messageCount());
        Message fresh = Messages.text("c");
        q.enqueue(fresh);
        fresh.release();
        Delivery a = take(q);
        assertEquals("a", Messages.bodyOf(a.message()));
        assertEquals(3, a.deliveryId());
        assertTrue(a.redelivered());
        assertEquals(2, a.deliveryCount());
        Delivery b = take(q);
        assertFalse(b.redelivered());
        assertEquals(8, take(q).deliveryId(), "new messages continue after the highest restored position");
    }

    @Test
    void prioritiesAreKept() {
        Queue q = host.queue(Map.of("x-max-priority", 3));
        q.restore(List.of(stored(1, "low", Long.MAX_VALUE, 0, 0, false), stored(2, "high", Long.MAX_VALUE, 3, 0, false)));
        assertEquals("high", Messages.bodyOf(take(q).message()));
        assertEquals("low", Messages.bodyOf(take(q).message()));
    }

    @Test
    void dueEntriesExpireOnlyWhenAsked() {
        Queue q = host.queue(Map.of("x-dead-letter-exchange", "dlx"));
        long now = host.scheduler.nowMillis();
        q.restore(List.of(stored(1, "stale", now - 1, 0, 0, false), stored(2, "later", now + 1000, 0, 0, false)));
        assertEquals(2, q.messageCount(), "restore expires nothing");
        q.expireDue();
        assertEquals(1, q.messageCount());
        assertEquals(List.of("stale:expired"), host.deadLetters());
        host.scheduler.advance(1000);
        assertEquals(0, q.messageCount(), "the timer is aimed at the next expiry");
    }

    @Test
    void restoringAUsedQueueIsRefused() {
        Queue q = host.queue(Map.of());
        Message m = Messages.text("used");
        q.enqueue(m);
        m.release();
        assertThrows(IllegalStateException.class, () -> q.restore(List.of()));
        q.close();
    }

    @Test
    void aStoredEntryIsMarkedDeliveredWhenItIsFirstHandedOut() {
        Queue q = host.queue(QueueDefinition.durable("q", Map.of()));
        Message m = Messages.text("m", MessageProperties.builder().persistent().build()).withId(5);
        q.enqueue(m);
        m.release();
        QueueKey key = new QueueKey("/", "q");
        assertFalse(host.store.recover(key).get(0).redelivered());
        GetResult r = q.get(false);
        r.delivery().message().release();
        assertTrue(host.store.recover(key).get(0).redelivered(), "after a crash it comes back redelivered");
        q.ack(r.delivery().deliveryId());
        assertTrue(host.store.recover(key).isEmpty());
    }
}
