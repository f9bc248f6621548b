package dev.sluice.core.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.message.Message;
import dev.sluice.store.QueueKey;
import dev.sluice.testing.Browsing;
import dev.sluice.testing.Messages;
import dev.sluice.testing.RecordingSink;
import dev.sluice.testing.TestQueueHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Paging of messages that must not survive a restart, on plain objects: transient messages on any
 * queue, and every message of transient and exclusive queues, page out beyond the budget as
 * persistent ones do on durable queues, and every rule of the queue sees them the same way. (The
 * in-memory store keeps them like stored entries; that a restart discards them is the MapDB
 * store's part, tested in {@code MapDbMessageStoreTest}.) Budget and window as in
 * {@link PagingFixture}: four 3-byte messages fill the budget, the head window is 4 entries.
 */
class QueueTransientPagingTest {
    private static final QueueKey KEY = PagingFixture.KEY;

    private final PagingFixture paging = new PagingFixture();
    private final TestQueueHost host = paging.host;

    /** Publishes m00 to m{@code to - 1}, persistent at even positions and transient at odd ones. */
    private void publishMixed(Queue q, int to) {
        for (String name : PagingFixture.names("m", 0, to)) {
            boolean odd = (name.charAt(name.length() - 1) - '0') % 2 == 1;
            paging.put(q, odd ? paging.transientMessage(name) : paging.persistent(name));
        }
    }

    private static List<String> drain(Queue q) {
        return Messages.drainWithGets(q);
    }

    private void assertEmptyAndReleased(Queue q) {
        assertEquals(0, q.messageCount());
        assertTrue(host.storedEntries(KEY).isEmpty(), "the store holds nothing of the queue");
        assertEquals(0, host.store.messageCount());
        assertEquals(0, host.budget().used());
        paging.assertAllReleased();
    }

    @Test
    void transientMessagesOnADurableQueuePageOutAndComeBackInOrderWithPersistentOnes() {
        Queue q = paging.durable(Map.of());
        publishMixed(q, 20);
        assertEquals(16, q.stats().pagedOut(), "transient ones page out as the persistent ones do");
        for (Message m : paging.published().subList(4, 20)) {
            assertEquals(1, m.body().refCnt(), "only the store holds a paged-out message");
        }
        RecordingSink sink = new RecordingSink();
        Subscription s = q.subscribe(ConsumerSpec.of("c", paging.owner).withPrefetch(3), sink);
        int acked = 0;
        while (acked < sink.deliveries().size()) {
            q.ack(sink.deliveries().get(acked++).deliveryId());
        }
        assertEquals(PagingFixture.names("m", 0, 20), sink.bodies());
        s.cancel();
        assertEmptyAndReleased(q);
    }

    @Test
    void transientAndExclusiveQueuesPageOutEverything() {
        List<QueueDefinition> definitions = List.of(
                QueueDefinition.transientQueue("q", Map.of()),
                new QueueDefinition("q", true, true, false, Map.of()),
                new QueueDefinition("q", false, true, true, Map.of()));
        for (QueueDefinition definition : definitions) {
            Queue q = host.queue(definition);
            publishMixed(q, 12);
            assertEquals(8, q.stats().pagedOut(), definition + ": persistent messages too");
            assertEquals(PagingFixture.names("m", 0, 12), drain(q), definition.toString());
            assertEmptyAndReleased(q);
            q.delete();
        }
    }

    @Test
    void priorityAndDropHeadQueuesKeepTransientMessagesInMemory() {
        Queue priorities = host.queue(Map.of("x-max-priority", 5));
        paging.publishTransient(priorities, "m", 0, 12);
        assertEquals(0, priorities.stats().pagedOut());
        assertTrue(host.storedEntries(KEY).isEmpty());
        assertEquals(PagingFixture.names("m", 0, 12), drain(priorities));
        priorities.delete();
        Queue dropHead = host.queue(Map.of("x-max-length", 100));
        paging.publishTransient(dropHead, "m", 0, 12);
        assertEquals(0, dropHead.stats().pagedOut(), "drop-head is the default overflow");
        assertEquals(PagingFixture.names("m", 0, 12), drain(dropHead));
        paging.assertAllReleased();
    }

    @Test
    void purgeAndDeleteRemovePagedOutTransientMessagesFromTheStore() {
        Queue q = host.queue(Map.of());
        paging.publishTransient(q, "m", 0, 20);
        assertEquals(16, q.stats().pagedOut());
        assertEquals(20, q.purge());
        assertEmptyAndReleased(q);
        paging.publishTransient(q, "n", 0, 20);
        assertEquals(16, host.storedEntries(KEY).size());
        assertEquals(20, q.delete());
        assertEmptyAndReleased(q);
    }

    @Test
    void browsingAndFiltersSeePagedOutTransientMessages() {
        Queue q = host.queue(Map.of());
        paging.publishTransient(q, "b", 0, 9);
        paging.put(q, paging.transientMessage("r09"));
        paging.publishTransient(q, "b", 10, 12);
        assertEquals(8, q.stats().pagedOut());
        List<String> all = new ArrayList<>(PagingFixture.names("b", 0, 9));
        all.add("r09");
        all.addAll(PagingFixture.names("b", 10, 12));
        assertEquals(all, Browsing.bodies(q));
        assertEquals(8, q.stats().pagedOut(), "browsing takes nothing into the queue");
        RecordingSink red = new RecordingSink();
        Subscription s = q.subscribe(ConsumerSpec.of("red", paging.owner).withAutoAck(true)
                .withFilter(m -> Messages.bodyOf(m).startsWith("r")), red);
        assertEquals(List.of("r09"), red.bodies(), "the filtered consumer found it on disk");
        s.cancel();
        all.remove("r09");
        assertEquals(all, drain(q));
        assertEmptyAndReleased(q);
    }

    @Test
    void lengthLimitsCountPagedOutTransientMessages() {
        Queue q = host.queue(Map.of("x-max-length", 10, "x-overflow", "reject-publish"));
        paging.publishTransient(q, "m", 0, 10);
        assertEquals(6, q.stats().pagedOut());
        assertEquals(EnqueueResult.REFUSED_OVERFLOW, paging.put(q, paging.transientMessage("late")));
        assertEquals(10, q.messageCount());
        assertEquals(PagingFixture.names("m", 0, 10), drain(q));
        assertEmptyAndReleased(q);
    }

    @Test
    void pagedOutTransientMessagesExpireAndAreDeadLetteredAsTheyReachTheHead() {
        Queue q = host.queue(Map.of("x-message-ttl", 1000, "x-dead-letter-exchange", "dlx"));
        paging.publishTransient(q, "m", 0, 12);
        assertEquals(8, q.stats().pagedOut());
        host.scheduler.advance(1000);
        assertEquals(PagingFixture.names("m", 0, 12).stream().map(n -> n + ":expired").toList(), host.deadLetters());
        assertEmptyAndReleased(q);
    }
}
