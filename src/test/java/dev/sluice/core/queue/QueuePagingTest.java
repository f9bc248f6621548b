package dev.sluice.core.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.Owner;
import dev.sluice.core.message.Message;
import dev.sluice.store.QueueKey;
import dev.sluice.testing.Messages;
import dev.sluice.testing.RecordingSink;
import dev.sluice.testing.TestQueueHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Paging on plain objects: a durable queue beyond the memory budget keeps new persistent messages
 * in the (in-memory) store only and reads them back in batches as its head window runs low. Each
 * message costs its body plus {@link MemoryBudget#MESSAGE_OVERHEAD}, so with 3-byte bodies a
 * budget of 1,000 bytes holds 4 messages; the head window here is 4 entries (low mark 2).
 */
class QueuePagingTest {
    private static final QueueKey KEY = PagingFixture.KEY;

    private final PagingFixture paging = new PagingFixture();
    private final TestQueueHost host = paging.host;
    private final Owner owner = paging.owner;

    private Queue durable(Map<String, Object> args) {
        return paging.durable(args);
    }

    private Message persistent(String body) {
        return paging.persistent(body);
    }

    private EnqueueResult put(Queue q, Message m) {
        return paging.put(q, m);
    }

    /** Publishes persistent messages m00, m01, ... */
    private void publish(Queue q, int from, int to) {
        paging.publish(q, "m", from, to);
    }

    private static List<String> names(int from, int to) {
        return PagingFixture.names("m", from, to);
    }

    private void assertAllReleased() {
        paging.assertAllReleased();
    }

    private String takeBody(Queue q, boolean autoAck) {
        GetResult r = q.get(autoAck);
        String body = Messages.bodyOf(r.delivery().message());
        r.delivery().message().release();
        return body;
    }

    @Test
    void beyondTheBudgetNewPersistentMessagesLiveInTheStoreOnly() {
        Queue q = durable(Map.of());
        publish(q, 0, 20);
        QueueStats stats = q.stats();
        assertEquals(20, stats.ready());
        assertEquals(16, stats.pagedOut(), "four fill the budget, the rest are paged out");
        assertEquals(20 * 3, stats.readyBytes());
        assertEquals(4 * MemoryBudget.cost(3), host.budget().used());
        assertEquals(20, host.storedEntries(KEY).size());
        for (Message m : paging.published().subList(4, 20)) {
            assertEquals(1, m.body().refCnt(), "only the store holds a paged-out message");
        }
    }

    @Test
    void aConsumerGetsEverythingInOrderAndAcksEmptyTheStore() {
        Queue q = durable(Map.of());
        publish(q, 0, 20);
        RecordingSink sink = new RecordingSink();
        Subscription s = q.subscribe(ConsumerSpec.of("c", owner).withPrefetch(3), sink);
        int acked = 0;
        while (acked < sink.deliveries().size()) {
            q.ack(sink.deliveries().get(acked++).deliveryId());
        }
        assertEquals(names(0, 20), sink.bodies());
        assertEquals(20, acked);
        assertEquals(0, q.messageCount());
        assertTrue(host.storedEntries(KEY).isEmpty());
        assertEquals(0, host.store.messageCount());
        assertEquals(0, host.budget().used(), "the budget is back to nothing");
        s.cancel();
        assertAllReleased();
    }

    @Test
    void consumersWaitForAReadWithoutBlockingAnyone() {
        Queue q = durable(Map.of());
        publish(q, 0, 12);
        host.holdReads();
        RecordingSink sink = new RecordingSink();
        q.subscribe(ConsumerSpec.of("c", owner).withAutoAck(true), sink);
        assertEquals(names(0, 4), sink.bodies(), "the head window goes out; the read is under way");
        assertTrue(q.get(true).isEmpty(), "a get meanwhile finds the head empty");
        assertEquals(8, q.messageCount());
        publish(q, 12, 14);
        assertEquals(names(0, 4), sink.bodies(), "new messages wait behind the paged-out ones");
        assertEquals(1, host.releaseReads());
        assertEquals(names(0, 14), sink.bodies());
        assertEquals(0, host.budget().used());
        assertAllReleased();
    }

    @Test
    void aRequeuedPagedInMessageKeepsItsPlace() {
        Queue q = durable(Map.of());
        publish(q, 0, 10);
        for (int i = 0; i < 4; i++) {
            takeBody(q, true);
        }
        GetResult first = q.get(false);
        GetResult second = q.get(false);
        assertEquals("m04", Messages.bodyOf(first.delivery().message()));
        assertEquals("m05", Messages.bodyOf(second.delivery().message()));
        first.delivery().message().release();
        second.delivery().message().release();
        q.requeue(second.delivery().deliveryId(), false);
        q.requeue(first.delivery().deliveryId(), true);
        GetResult again = q.get(false);
        assertEquals("m04", Messages.bodyOf(again.delivery().message()));
        assertTrue(again.delivery().redelivered());
        assertEquals(1, again.delivery().deliveryCount());
        again.delivery().message().release();
        q.ack(again.delivery().deliveryId());
        assertEquals(List.of("m05", "m06", "m07", "m08", "m09"),
                IntStream.range(0, 5).mapToObj(i -> takeBody(q, true)).toList());
        assertEquals(0, host.budget().used());
        assertAllReleased();
    }

    @Test
    void transientMessagesKeepTheirPlaceBetweenPagedOutOnes() {
        Queue q = durable(Map.of());
        publish(q, 0, 6);
        put(q, Messages.text("t06"));
        publish(q, 7, 9);
        put(q, Messages.text("t09"));
        assertEquals(4, q.stats().pagedOut());
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            bodies.add(takeBody(q, true));
        }
        assertEquals(List.of("m00", "m01", "m02", "m03", "m04", "m05", "t06", "m07", "m08", "t09"), bodies);
        assertEquals(0, host.budget().used());
        assertAllReleased();
    }

    @Test
    void pagedOutMessagesExpireAsTheyReachTheHead() {
        Queue q = durable(Map.of("x-message-ttl", 1000, "x-dead-letter-exchange", "dlx"));
        publish(q, 0, 12);
        host.scheduler.advance(999);
        assertEquals(12, q.messageCount());
        host.scheduler.advance(1);
        assertEquals(0, q.messageCount());
        assertEquals(names(0, 12).stream().map(n -> n + ":expired").toList(), host.deadLetters());
        assertTrue(host.storedEntries(KEY).isEmpty());
        assertEquals(0, host.budget().used());
        assertAllReleased();
    }

    @Test
    void purgeRemovesPagedOutMessagesFromTheStore() {
        Queue q = durable(Map.of());
        publish(q, 0, 20);
        assertEquals(20, q.purge());
        assertEquals(0, q.messageCount());
        assertEquals(0, host.store.messageCount());
        assertEquals(0, host.budget().used());
        publish(q, 20, 22);
        assertEquals(0, q.stats().pagedOut(), "below the budget again, new messages stay in memory");
        assertEquals(List.of("m20", "m21"), List.of(takeBody(q, true), takeBody(q, true)));
        assertAllReleased();
    }

    @Test
    void anAnswerForADeletedQueueIsDropped() {
        Queue q = durable(Map.of());
        publish(q, 0, 12);
        host.holdReads();
        for (int i = 0; i < 4; i++) {
            takeBody(q, true);
        }
        q.delete();
        assertEquals(1, host.releaseReads());
        assertEquals(0, host.store.messageCount());
        assertEquals(0, host.budget().used());
        assertAllReleased();
    }

    @Test
    void anAnswerToAReadFromBeforeAPurgeIsDropped() {
        Queue q = durable(Map.of());
        publish(q, 0, 12);
        host.holdReads();
        for (int i = 0; i < 4; i++) {
            takeBody(q, true);
        }
        assertEquals(8, q.purge());
        publish(q, 12, 14);
        host.releaseReads();
        assertEquals(List.of("m12", "m13"), List.of(takeBody(q, true), takeBody(q, true)));
        assertEquals(0, q.messageCount());
        assertEquals(0, host.budget().used());
        assertAllReleased();
    }

    @Test
    void lengthLimitsCountPagedOutMessages() {
        Queue q = durable(Map.of("x-max-length", 10, "x-overflow", "reject-publish"));
        publish(q, 0, 10);
        assertEquals(EnqueueResult.REFUSED_OVERFLOW, put(q, persistent("m10")));
        assertEquals(10, q.messageCount());
        assertTrue(q.stats().pagedOut() > 0);
        q.delete();
        assertAllReleased();
    }

    @Test
    void priorityQueuesAndMessagesWithoutAnIdStayInMemory() {
        Queue priority = host.queue(QueueDefinition.durable("p", Map.of("x-max-priority", 3)));
        Queue q = durable(Map.of());
        for (int i = 0; i < 10; i++) {
            put(priority, persistent("p" + i));
            put(q, Messages.text("t" + i)); // no id: the store could not keep it once for every queue
        }
        assertEquals(0, priority.stats().pagedOut());
        assertEquals(0, q.stats().pagedOut(), "transient messages with ids page out: QueueTransientPagingTest");
        assertTrue(host.budget().exceeded());
        priority.delete();
        q.delete();
        assertEquals(0, host.budget().used());
        assertAllReleased();
    }
}
