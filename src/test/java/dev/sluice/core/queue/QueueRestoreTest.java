package dev.sluice.core.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.message.Message;
import dev.sluice.core.message.MessageProperties;
import dev.sluice.store.QueueKey;
import dev.sluice.store.StoredQueue;
import dev.sluice.testing.Messages;
import dev.sluice.testing.TestQueueHost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Queue#restore} and {@link Queue#expireDue} on plain objects, over the in-memory store. */
class QueueRestoreTest {
    private static final QueueKey KEY = new QueueKey("/", "q");
    private final TestQueueHost host = new TestQueueHost();

    /** Puts an entry into the host's store, as an earlier run of the broker would have left it. */
    private void stored(long seq, String body, long expiresAt, int priority, int deliveryCount, boolean redelivered) {
        Message m = Messages.text(body, MessageProperties.builder().persistent().build()).withId(100 + seq);
        host.store.enqueue(KEY, seq, expiresAt, priority, m);
        m.release();
        if (deliveryCount > 0 || redelivered) {
            host.store.updateDelivery(KEY, seq, deliveryCount, redelivered);
        }
    }

    private Queue restored(Map<String, Object> args) {
        Queue q = host.queue(QueueDefinition.durable("q", args));
        StoredQueue contents = host.store.stored(KEY);
        assertTrue(q.restore(contents).isDone(), "the in-memory store answers at once");
        return q;
    }

    /** A delivery taken with auto-ack, its body read before the message was released. */
    private record Taken(String body, long deliveryId, boolean redelivered, int deliveryCount) {
    }

    private static Taken take(Queue q) {
        GetResult r = q.get(true);
        Delivery d = r.delivery();
        Taken taken = new Taken(Messages.bodyOf(d.message()), d.deliveryId(), d.redelivered(), d.deliveryCount());
        d.message().release();
        return taken;
    }

    @Test
    void entriesComeBackReadyInOrderWithTheirDeliveryState() {
        stored(3, "a", Long.MAX_VALUE, 0, 2, true);
        stored(7, "b", Long.MAX_VALUE, 0, 0, false);
        Queue q = restored(Map.of());
        assertEquals(2, q.messageCount());
        Message fresh = Messages.text("c");
        q.enqueue(fresh);
        fresh.release();
        Taken a = take(q);
        assertEquals("a", a.body());
        assertEquals(3, a.deliveryId());
        assertTrue(a.redelivered());
        assertEquals(2, a.deliveryCount());
        Taken b = take(q);
        assertFalse(b.redelivered());
        assertEquals(8, take(q).deliveryId(), "new messages continue after the highest restored position");
    }

    @Test
    void prioritiesAreKept() {
        stored(1, "low", Long.MAX_VALUE, 0, 0, false);
        stored(2, "high", Long.MAX_VALUE, 3, 0, false);
        Queue q = restored(Map.of("x-max-priority", 3));
        assertEquals("high", take(q).body());
        assertEquals("low", take(q).body());
    }

    @Test
    void aPriorityQueueReadsEverythingBackSoPriorityOrderHolds() {
        host.pagingWindow(4);
        for (int seq = 1; seq <= 20; seq++) {
            stored(seq, "p" + (seq == 17 ? 5 : 0) + "-" + seq, Long.MAX_VALUE, seq == 17 ? 5 : 0, 0, false);
        }
        Queue q = restored(Map.of("x-max-priority", 5));
        assertEquals(0, q.stats().pagedOut(), "a priority queue holds all of it");
        assertEquals("p5-17", take(q).body());
        assertEquals("p0-1", take(q).body());
    }

    @Test
    void dueEntriesExpireOnlyWhenAsked() {
        long now = host.scheduler.nowMillis();
        stored(1, "stale", now - 1, 0, 0, false);
        stored(2, "later", now + 1000, 0, 0, false);
        Queue q = restored(Map.of("x-dead-letter-exchange", "dlx"));
        assertEquals(2, q.messageCount(), "restore expires nothing");
        assertEquals(0, host.scheduler.pending(), "and starts no timer");
        q.expireDue();
        assertEquals(1, q.messageCount());
        assertEquals(List.of("stale:expired"), host.deadLetters());
        host.scheduler.advance(1000);
        assertEquals(0, q.messageCount(), "the timer is aimed at the next expiry");
    }

    @Test
    void restoringAUsedQueueIsRefused() {
        stored(1, "kept", Long.MAX_VALUE, 0, 0, false);
        Queue q = host.queue(Map.of());
        Message m = Messages.text("used");
        q.enqueue(m);
        m.release();
        assertThrows(IllegalStateException.class, () -> q.restore(host.store.stored(KEY)));
        q.close();
    }

    @Test
    void aStoredEntryIsMarkedDeliveredWhenItIsFirstHandedOut() {
        Queue q = host.queue(QueueDefinition.durable("q", Map.of()));
        Message m = Messages.text("m", MessageProperties.builder().persistent().build()).withId(5);
        q.enqueue(m);
        m.release();
        assertFalse(host.storedEntries(KEY).get(0).redelivered());
        GetResult r = q.get(false);
        r.delivery().message().release();
        assertTrue(host.storedEntries(KEY).get(0).redelivered(), "after a crash it comes back redelivered");
        q.ack(r.delivery().deliveryId());
        assertTrue(host.storedEntries(KEY).isEmpty());
    }
}
