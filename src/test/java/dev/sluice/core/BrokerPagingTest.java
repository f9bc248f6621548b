package dev.sluice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.message.Message;
import dev.sluice.core.message.MessageProperties;
import dev.sluice.core.queue.ConsumerSpec;
import dev.sluice.core.queue.Delivery;
import dev.sluice.core.queue.DeliverySink;
import dev.sluice.core.queue.GetResult;
import dev.sluice.core.queue.PagingSettings;
import dev.sluice.core.queue.Queue;
import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.queue.Subscription;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.Destination;
import dev.sluice.core.routing.ExchangeDefinition;
import dev.sluice.core.routing.ExchangeType;
import dev.sluice.store.StoreSettings;
import dev.sluice.store.mapdb.MapDbMessageStore;
import dev.sluice.testing.Browsing;
import dev.sluice.testing.Messages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paging over MapDB: a broker with a small memory budget keeps most of a durable queue's backlog on
 * disk only, drains it in order, starts again on a large paged queue without reading it all, and
 * leaves nothing behind in the store or the budget.
 */
class BrokerPagingTest {
    private static final Owner OWNER = new Owner("test");
    private static final long BUDGET = 64 * 1024;
    private static final int WINDOW = 64;

    @TempDir
    Path dataDir;

    private Broker open() {
        return open(StoreSettings.mapDb());
    }

    private Broker open(StoreSettings store) {
        return new Broker(BrokerSettings.durable(dataDir).withStore(store)
                .withPaging(new PagingSettings(BUDGET, WINDOW, 1 << 20)));
    }

    private static Message persistent(String exchange, String key, String body) {
        return Message.builder().exchange(exchange).routingKey(key).body(body)
                .properties(MessageProperties.builder().persistent().build()).build();
    }

    private static String body(int i) {
        return String.format("msg-%05d", i);
    }

    private static List<String> bodies(int from, int to) {
        return IntStream.range(from, to).mapToObj(BrokerPagingTest::body).toList();
    }

    private static void publish(VirtualHost v, String queue, int from, int to) {
        for (int i = from; i < to; i++) {
            v.publish(persistent("", queue, body(i)));
        }
    }

    /** Declares a durable queue and publishes messages {@code 0} to {@code count - 1} to it. */
    private static Queue pagedQueue(VirtualHost v, String name, int count) {
        v.declareQueue(QueueDefinition.durable(name, Map.of()), OWNER, false);
        publish(v, name, 0, count);
        return v.queue(name);
    }

    private static void awaitDurable(Broker broker) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        broker.store().whenDurable(done::countDown);
        ((MapDbMessageStore) broker.store()).storage().requestCommit();
        assertTrue(done.await(30, TimeUnit.SECONDS));
    }

    /** A consumer that acks each delivery as it comes and records its body and redelivered flag. */
    private static final class AckingSink implements DeliverySink {
        private final List<String> bodies = new ArrayList<>();
        private final List<Boolean> redelivered = new ArrayList<>();
        private final CountDownLatch expected;

        AckingSink(int count) {
            expected = new CountDownLatch(count);
        }

        @Override
        public synchronized void deliver(Subscription subscription, Delivery delivery) {
            bodies.add(Messages.bodyOf(delivery.message()));
            redelivered.add(delivery.redelivered());
            subscription.queue().ack(delivery.deliveryId());
            expected.countDown();
        }

        @Override
        public boolean canAccept() {
            return true;
        }

        @Override
        public void cancelledByBroker(Subscription subscription) {
        }

        synchronized List<String> bodies() {
            return List.copyOf(bodies);
        }

        synchronized List<Boolean> redelivered() {
            return List.copyOf(redelivered);
        }

        void await() throws InterruptedException {
            assertTrue(expected.await(60, TimeUnit.SECONDS), "every message arrived");
        }
    }

    private static AckingSink drain(Queue q, int count) throws InterruptedException {
        AckingSink sink = new AckingSink(count);
        Subscription s = q.subscribe(ConsumerSpec.of("drain", OWNER).withPrefetch(50), sink);
        sink.await();
        s.cancel();
        return sink;
    }

    private static void publishTransient(VirtualHost v, String queue, int from, int to) {
        for (int i = from; i < to; i++) {
            v.publish(Message.builder().exchange("").routingKey(queue).body(body(i)).build());
        }
    }

    /**
     * Transient messages on a durable queue, and persistent ones on a transient queue, page out
     * beyond the budget, drain in order meanwhile, and none of them (nor the transient queue)
     * comes back after a clean stop or a crash.
     */
    private void transientBacklogsAreGoneAfterARestart(boolean crash) throws Exception {
        StoreSettings onRequest = StoreSettings.mapDb().withCommitInterval(Duration.ofMinutes(10));
        Broker first = open(onRequest);
        try {
            VirtualHost v = first.defaultVirtualHost();
            v.declareQueue(QueueDefinition.durable("kept", Map.of()), OWNER, false);
            v.declareQueue(QueueDefinition.transientQueue("fleeting", Map.of()), OWNER, false);
            publishTransient(v, "kept", 0, 3000);
            publish(v, "fleeting", 0, 3000);
            Queue kept = v.queue("kept");
            Queue fleeting = v.queue("fleeting");
            assertTrue(kept.stats().pagedOut() > 2500, "transient messages paged out: " + kept.stats().pagedOut());
            assertTrue(fleeting.stats().pagedOut() > 2500, "a transient queue pages out: " + fleeting.stats().pagedOut());
            List<String> drained = drain(kept, 100).bodies(); // at least 100, more may be on their way
            assertEquals(bodies(0, drained.size()), drained, "read back in order");
            awaitDurable(first);
            if (crash) {
                ((MapDbMessageStore) first.store()).storage().crashForTest();
            }
        } finally {
            first.close();
        }
        try (Broker broker = open()) {
            VirtualHost v = broker.defaultVirtualHost();
            assertEquals(0, v.queue("kept").messageCount(), "no transient message comes back");
            assertTrue(v.queue("fleeting") == null, "the transient queue is gone");
            assertEquals(0, broker.store().messageCount(), "nothing of them is left on disk");
        }
    }

    @Test
    void transientBacklogsPageOutAndAreGoneAfterACleanStop() throws Exception {
        transientBacklogsAreGoneAfterARestart(false);
    }

    @Test
    void transientBacklogsPageOutAndAreGoneAfterACrash() throws Exception {
        transientBacklogsAreGoneAfterARestart(true);
    }

    @Test
    void aBacklogBeyondTheBudgetLivesOnDiskAndDrainsInOrder() throws Exception {
        try (Broker broker = open()) {
            Queue q = pagedQueue(broker.defaultVirtualHost(), "big", 3000);
            assertEquals(3000, q.messageCount());
            assertTrue(q.stats().pagedOut() > 2500, "paged out: " + q.stats().pagedOut());
            assertTrue(broker.memoryBudget().used() <= BUDGET + 300, "held: " + broker.memoryBudget().used());
            AckingSink sink = drain(q, 3000);
            assertEquals(bodies(0, 3000), sink.bodies());
            assertEquals(0, q.messageCount());
            assertEquals(0, broker.memoryBudget().used(), "the budget is back to nothing");
            assertEquals(0, broker.store().messageCount(), "acks removed everything from disk");
        }
    }

    @Test
    void aLargePagedQueueComesBackAfterARestartWithoutBeingReadWhole() throws Exception {
        try (Broker broker = open()) {
            Queue q = pagedQueue(broker.defaultVirtualHost(), "big", 3000);
            for (int i = 0; i < 2; i++) {
                GetResult r = q.get(false);
                r.delivery().message().release();
            }
        }
        try (Broker broker = open()) {
            Queue q = broker.defaultVirtualHost().queue("big");
            assertEquals(3000, q.messageCount());
            assertTrue(q.stats().pagedOut() >= 3000 - WINDOW, "only the head window is read: " + q.stats().pagedOut());
            assertTrue(broker.memoryBudget().used() < BUDGET / 2, "held: " + broker.memoryBudget().used());
            AckingSink sink = drain(q, 3000);
            assertEquals(bodies(0, 3000), sink.bodies());
            assertEquals(List.of(true, true, false), sink.redelivered().subList(0, 3),
                    "the two handed out before the restart come back redelivered");
            assertEquals(0, broker.memoryBudget().used());
            assertEquals(0, broker.store().messageCount());
        }
    }

    @Test
    void aCrashKeepsWhatWasConfirmedOfAPagedQueue() throws Exception {
        StoreSettings onRequest = StoreSettings.mapDb().withCommitInterval(Duration.ofMinutes(10));
        Broker crashed = open(onRequest);
        try {
            VirtualHost v = crashed.defaultVirtualHost();
            v.declareQueue(QueueDefinition.durable("big", Map.of()), OWNER, false);
            publish(v, "big", 0, 2000);
            awaitDurable(crashed);
            publish(v, "big", 2000, 2010);
            ((MapDbMessageStore) crashed.store()).storage().crashForTest();
        } finally {
            crashed.close();
        }
        try (Broker broker = open()) {
            Queue q = broker.defaultVirtualHost().queue("big");
            assertEquals(2000, q.messageCount());
            assertEquals(bodies(0, 2000), drain(q, 2000).bodies());
        }
    }

    @Test
    void aMessageFannedOutToTwoPagedQueuesIsStoredOnceAndGoesWithTheLastAck() throws Exception {
        try (Broker broker = open()) {
            VirtualHost v = broker.defaultVirtualHost();
            v.declareExchange(new ExchangeDefinition("fan", ExchangeType.FANOUT, true, false, false, Map.of()), false);
            for (String name : List.of("a", "b")) {
                v.declareQueue(QueueDefinition.durable(name, Map.of()), OWNER, false);
                v.bind(new Binding("fan", Destination.queue(name), ""), OWNER);
            }
            for (int i = 0; i < 1500; i++) {
                v.publish(persistent("fan", "", body(i)));
            }
            awaitDurable(broker);
            assertEquals(1500, broker.store().messageCount());
            assertTrue(((MapDbMessageStore) broker.store()).cachedBytes() > 0, "shared records are cached");
            assertEquals(bodies(0, 1500), drain(v.queue("a"), 1500).bodies());
            assertEquals(1500, broker.store().messageCount(), "queue b still refers to every message");
            assertEquals(bodies(0, 1500), drain(v.queue("b"), 1500).bodies());
            assertEquals(0, broker.store().messageCount());
            assertEquals(0, broker.memoryBudget().used());
        }
    }

    @Test
    void purgingAndDeletingPagedQueuesEmptyTheDisk() throws Exception {
        try (Broker broker = open()) {
            VirtualHost v = broker.defaultVirtualHost();
            v.declareQueue(QueueDefinition.durable("purged", Map.of()), OWNER, false);
            v.declareQueue(QueueDefinition.durable("deleted", Map.of()), OWNER, false);
            publish(v, "purged", 0, 6000);
            publish(v, "deleted", 0, 6000);
            assertEquals(6000, v.queue("purged").purge());
            v.deleteQueue("deleted", OWNER, false, false);
            publish(v, "purged", 6000, 6002);
        }
        try (Broker broker = open()) {
            VirtualHost v = broker.defaultVirtualHost();
            assertEquals(2, v.queue("purged").messageCount());
            assertFalse(broker.store().queues().contains(new dev.sluice.store.QueueKey("/", "deleted")));
            v.declareQueue(QueueDefinition.durable("new", Map.of()), OWNER, false);
            publish(v, "new", 0, 3);
            awaitUntilStoreHolds(broker, 5);
            assertEquals(bodies(6000, 6002), drain(v.queue("purged"), 2).bodies());
            assertEquals(bodies(0, 3), drain(v.queue("new"), 3).bodies(),
                    "a new queue never gets the id of a deleted one whose entries are still being removed");
        }
    }

    @Test
    void browsingAPagedQueueReadsTheDiskInBatchesAndTakesNothing() throws Exception {
        try (Broker broker = open()) {
            Queue q = pagedQueue(broker.defaultVirtualHost(), "browsed", 3000);
            long pagedOut = q.stats().pagedOut();
            long held = broker.memoryBudget().used();
            assertTrue(pagedOut > 2500, "paged out: " + pagedOut);
            assertEquals(bodies(0, 3000), Browsing.bodies(q));
            assertEquals(3000, q.messageCount());
            assertEquals(pagedOut, q.stats().pagedOut(), "the browser read the disk without paging anything in");
            assertEquals(held, broker.memoryBudget().used());
            assertEquals(bodies(0, 3000), drain(q, 3000).bodies());
        }
    }

    @Test
    void aFilteredConsumerReachesMatchesOnDiskBehindAHeadItDoesNotWant() throws Exception {
        try (Broker broker = open()) {
            Queue q = pagedQueue(broker.defaultVirtualHost(), "filtered", 3000);
            AckingSink matching = new AckingSink(3);
            Subscription s = q.subscribe(ConsumerSpec.of("999", OWNER).withPrefetch(1)
                    .withFilter(m -> Messages.bodyOf(m).endsWith("999")), matching);
            matching.await();
            assertEquals(List.of(body(999), body(1999), body(2999)), matching.bodies());
            assertEquals(2997, q.messageCount());
            assertTrue(q.stats().pagedOut() > 2500, "the rest stays on disk: " + q.stats().pagedOut());
            assertTrue(broker.memoryBudget().used() <= BUDGET + 300, "held: " + broker.memoryBudget().used());
            s.cancel();
            List<String> rest = new ArrayList<>(bodies(0, 3000));
            rest.removeAll(matching.bodies());
            assertEquals(rest, drain(q, 2997).bodies());
            assertEquals(0, broker.memoryBudget().used());
            awaitUntilStoreHolds(broker, 0);
        }
    }

    /** Range removals run in the background: waits until only {@code count} messages are left. */
    private static void awaitUntilStoreHolds(Broker broker, long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (broker.store().messageCount() != count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(count, broker.store().messageCount());
    }
}
