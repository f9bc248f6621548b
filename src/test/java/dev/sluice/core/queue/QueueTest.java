package dev.sluice.core.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.BrokerException;
import dev.sluice.core.ErrorKind;
import dev.sluice.core.Owner;
import dev.sluice.core.message.Message;
import dev.sluice.testing.Messages;
import dev.sluice.testing.RecordingSink;
import dev.sluice.testing.TestQueueHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueTest {
    private final TestQueueHost host = new TestQueueHost();
    private final Owner owner = new Owner("test");
    private final List<Message> published = new ArrayList<>();

    private EnqueueResult put(Queue q, Message m) {
        published.add(m);
        EnqueueResult r = q.enqueue(m);
        m.release();
        return r;
    }

    private EnqueueResult put(Queue q, String body) {
        return put(q, Messages.text(body));
    }

    private void assertAllReleased() {
        for (Message m : published) {
            assertEquals(0, m.body().refCnt(), "message " + "#" + published.indexOf(m) + " still referenced");
        }
    }

    private Subscription consume(Queue q, RecordingSink sink, ConsumerSpec spec) {
        return q.subscribe(spec, sink);
    }

    private ConsumerSpec spec(String tag) {
        return ConsumerSpec.of(tag, owner);
    }

    @Test
    void deliversInPublishOrder() {
        Queue q = host.queue(Map.of());
        put(q, "a");
        put(q, "b");
        put(q, "c");
        RecordingSink sink = new RecordingSink();
        consume(q, sink, spec("c1").withAutoAck(true));
        put(q, "d");
        assertEquals(List.of("a", "b", "c", "d"), sink.bodies());
        assertEquals(0, q.messageCount());
        assertAllReleased();
    }

    @Test
    void competingConsumersAreServedRoundRobin() {
        Queue q = host.queue(Map.of());
        RecordingSink one = new RecordingSink();
        RecordingSink two = new RecordingSink();
        consume(q, one, spec("1").withAutoAck(true));
        consume(q, two, spec("2").withAutoAck(true));
        for (int i = 0; i < 6; i++) {
            put(q, "m" + i);
        }
        assertEquals(List.of("m0", "m2", "m4"), one.bodies());
        assertEquals(List.of("m1", "m3", "m5"), two.bodies());
    }

    @Test
    void higherPriorityConsumerIsServedWhileItHasRoom() {
        Queue q = host.queue(Map.of());
        RecordingSink low = new RecordingSink();
        RecordingSink high = new RecordingSink();
        consume(q, low, spec("low").withPrefetch(10));
        consume(q, high, spec("high").withPriority(5).withPrefetch(2));
        for (int i = 0; i < 5; i++) {
            put(q, "m" + i);
        }
        assertEquals(List.of("m0", "m1"), high.bodies());
        assertEquals(List.of("m2", "m3", "m4"), low.bodies());
    }

    @Test
    void singleActiveConsumerGetsEverythingUntilItLeaves() {
        Queue q = host.queue(Map.of("x-single-active-consumer", true));
        RecordingSink first = new RecordingSink();
        RecordingSink second = new RecordingSink();
        Subscription s1 = consume(q, first, spec("first").withAutoAck(true));
        consume(q, second, spec("second").withAutoAck(true));
        assertEquals("first", q.activeConsumerTag());
        put(q, "a");
        put(q, "b");
        s1.cancel();
        assertEquals("second", q.activeConsumerTag());
        put(q, "c");
        assertEquals(List.of("a", "b"), first.bodies());
        assertEquals(List.of("c"), second.bodies());
    }

    @Test
    void prefetchBoundsUnsettledDeliveriesAndAckOpensTheWindow() {
        Queue q = host.queue(Map.of());
        for (int i = 0; i < 5; i++) {
            put(q, "m" + i);
        }
        RecordingSink sink = new RecordingSink();
        consume(q, sink, spec("c").withPrefetch(2));
        assertEquals(2, sink.deliveries().size());
        assertTrue(q.ack(sink.deliveries().get(0).deliveryId()));
        assertEquals(List.of("m0", "m1", "m2"), sink.bodies());
        assertEquals(2, q.stats().unsettled());
        assertEquals(2, q.messageCount());
    }

    @Test
    void creditWindowDeliversOnePerCreditAndDrainGivesUpTheRest() {
        Queue q = host.queue(Map.of());
        put(q, "a");
        put(q, "b");
        put(q, "c");
        RecordingSink sink = new RecordingSink();
        Subscription s = consume(q, sink, spec("link").withCredit());
        assertEquals(0, sink.deliveries().size());
        s.setCredit(2);
        assertEquals(List.of("a", "b"), sink.bodies());
        assertEquals(0, s.credit());
        s.setCredit(5);
        assertEquals(List.of("a", "b", "c"), sink.bodies());
        assertEquals(4, s.drain());
        assertEquals(0, s.credit());
    }

    @Test
    void ackMultipleSettlesEachNamedDelivery() {
        Queue q = host.queue(Map.of());
        RecordingSink sink = new RecordingSink();
        consume(q, sink, spec("c"));
        put(q, "a");
        put(q, "b");
        put(q, "c");
        long[] ids = sink.deliveries().stream().mapToLong(Delivery::deliveryId).toArray();
        assertEquals(3, q.ack(ids, 3));
        assertEquals(0, q.stats().unsettled());
        assertFalse(q.ack(ids[0]), "second ack of the same delivery is unknown");
        assertAllReleased();
    }

    @Test
    void requeueReturnsToOriginalPlaceMarkedRedeliveredWithCount() {
        Queue q = host.queue(Map.of());
        put(q, "a");
        put(q, "b");
        put(q, "c");
        GetResult a = q.get(false);
        GetResult b = q.get(false);
        a.delivery().message().release();
        b.delivery().message().release();
        assertTrue(q.requeue(b.delivery().deliveryId(), true));
        assertTrue(q.requeue(a.delivery().deliveryId(), false));
        RecordingSink sink = new RecordingSink();
        consume(q, sink, spec("c").withAutoAck(true));
        assertEquals(List.of("a", "b", "c"), sink.bodies());
        List<Delivery> d = sink.deliveries();
        assertTrue(d.get(0).redelivered());
        assertEquals(0, d.get(0).deliveryCount(), "requeue without counting");
        assertTrue(d.get(1).redelivered());
        assertEquals(1, d.get(1).deliveryCount());
        assertFalse(d.get(2).redelivered());
        assertAllReleased();
    }

    @Test
    void rejectDeadLettersWhenTheQueueHasADeadLetterExchange() {
        Queue q = host.queue(Map.of("x-dead-letter-exchange", "dlx"));
        RecordingSink sink = new RecordingSink();
        consume(q, sink, spec("c"));
        put(q, "bad");
        assertTrue(q.reject(sink.last().deliveryId()));
        assertEquals(List.of("bad:rejected"), host.deadLetters());
        assertAllReleased();
    }

    @Test
    void rejectWithoutDeadLetterExchangeDrops() {
        Queue q = host.queue(Map.of());
        RecordingSink sink = new RecordingSink();
        consume(q, sink, spec("c"));
        put(q, "bad");
        assertTrue(q.reject(sink.last().deliveryId()));
        assertEquals(List.of(), host.deadLetters());
        assertEquals(0, q.messageCount());
        assertAllReleased();
    }

    @Test
    void cancelKeepsUnsettledWithTheClientButDetachReturnsThem() {
        Queue q = host.queue(Map.of());
        RecordingSink sink = new RecordingSink();
        Subscription s = consume(q, sink, spec("c"));
        put(q, "a");
        put(q, "b");
        s.cancel();
        assertEquals(2, q.stats().unsettled());
        assertTrue(q.ack(sink.deliveries().get(0).deliveryId()), "ack after cancel still works");

        RecordingSink other = new RecordingSink();
        Subscription s2 = consume(q, other, spec("d"));
        put(q, "c");
        s2.cancelAndReturnUnsettled();
        assertEquals(1, q.messageCount(), "b stays unsettled with the first consumer; c came back");
        q.requeue(sink.deliveries().get(1).deliveryId(), false);
        RecordingSink last = new RecordingSink();
        consume(q, last, spec("e").withAutoAck(true));
        assertEquals(List.of("b", "c"), last.bodies());
        assertTrue(last.deliveries().get(1).redelivered());
        assertAllReleased();
    }

    @Test
    void exclusiveConsumerShutsOthersOut() {
        Queue q = host.queue(Map.of());
        consume(q, new RecordingSink(), spec("x").withExclusive(true));
        BrokerException e = assertThrows(BrokerException.class, () -> consume(q, new RecordingSink(), spec("y")));
        assertEquals(ErrorKind.ACCESS_REFUSED, e.kind());

        Queue q2 = host.queue(Map.of());
        consume(q2, new RecordingSink(), spec("y"));
        assertThrows(BrokerException.class, () -> consume(q2, new RecordingSink(), spec("x").withExclusive(true)));
    }

    @Test
    void autoDeleteQueueAsksForRemovalWhenItsLastConsumerLeaves() {
        Queue q = host.queue(new QueueDefinition("q", false, false, true, Map.of()));
        Subscription a = consume(q, new RecordingSink(), spec("a"));
        Subscription b = consume(q, new RecordingSink(), spec("b"));
        a.cancel();
        assertFalse(host.removalRequested(q));
        b.cancel();
        assertTrue(host.removalRequested(q));
    }

    @Test
    void autoDeleteQueueThatNeverHadAConsumerStays() {
        Queue q = host.queue(new QueueDefinition("q", false, false, true, Map.of()));
        put(q, "a");
        assertFalse(host.removalRequested(q));
    }

    @Test
    void queueTtlExpiresMessagesWithoutConsumersByTimer() {
        Queue q = host.queue(Map.of("x-message-ttl", 1000, "x-dead-letter-exchange", "dlx"));
        put(q, "a");
        host.scheduler.advance(500);
        put(q, "b");
        host.scheduler.advance(499);
        assertEquals(2, q.messageCount());
        host.scheduler.advance(1);
        assertEquals(1, q.messageCount());
        assertEquals(List.of("a:expired"), host.deadLetters());
        host.scheduler.advance(500);
        assertEquals(0, q.messageCount());
        assertEquals(List.of("a:expired", "b:expired"), host.deadLetters());
        assertAllReleased();
    }

    @Test
    void perMessageTtlAndQueueTtlTheSmallerWins() {
        Queue q = host.queue(Map.of("x-message-ttl", 1000));
        put(q, Messages.withExpiration("short", 100));
        put(q, Messages.withExpiration("long", 5000));
        host.scheduler.advance(100);
        assertEquals(1, q.messageCount());
        host.scheduler.advance(899);
        assertEquals(1, q.messageCount(), "queue TTL caps the long per-message TTL at 1000");
        host.scheduler.advance(1);
        assertEquals(0, q.messageCount());
    }

    @Test
    void expiredMessageBehindALiveHeadGoesWhenItReachesTheHead() {
        Queue q = host.queue(Map.of());
        put(q, "forever");
        put(q, Messages.withExpiration("brief", 10));
        host.scheduler.advance(20);
        assertEquals(2, q.messageCount(), "only heads expire");
        GetResult first = q.get(true);
        assertEquals("forever", Messages.bodyOf(first.delivery().message()));
        first.delivery().message().release();
        host.scheduler.advance(1);
        assertEquals(0, q.messageCount(), "timer removes the expired new head");
        assertAllReleased();
    }

    @Test
    void ttlZeroIsDeliveredToAWaitingConsumerOrExpiresAtOnce() {
        Queue q = host.queue(Map.of("x-message-ttl", 0));
        put(q, "nobody");
        host.scheduler.advance(0);
        assertEquals(0, q.messageCount());
        RecordingSink sink = new RecordingSink();
        consume(q, sink, spec("c").withAutoAck(true));
        put(q, "somebody");
        assertEquals(List.of("somebody"), sink.bodies());
    }

    @Test
    void unusedQueueExpiresAfterXExpires() {
        Queue q = host.queue(Map.of("x-expires", 1000));
        host.scheduler.advance(600);
        q.get(true);
        host.scheduler.advance(600);
        assertFalse(host.removalRequested(q), "a get is a use");
        Subscription s = consume(q, new RecordingSink(), spec("c"));
        host.scheduler.advance(5000);
        assertFalse(host.removalRequested(q), "a consumer keeps it alive");
        s.cancel();
        host.scheduler.advance(999);
        assertFalse(host.removalRequested(q));
        host.scheduler.advance(1);
        assertTrue(host.removalRequested(q));
    }

    @Test
    void maxLengthDropsHeadAsDeadLetter() {
        Queue q = host.queue(Map.of("x-max-length", 2, "x-dead-letter-exchange", "dlx"));
        put(q, "a");
        put(q, "b");
        put(q, "c");
        assertEquals(2, q.messageCount());
        assertEquals(List.of("a:maxlen"), host.deadLetters());
        GetResult r = q.get(true);
        assertEquals("b", Messages.bodyOf(r.delivery().message()));
        r.delivery().message().release();
    }

    @Test
    void maxLengthBytesCountsBodyBytes() {
        Queue q = host.queue(Map.of("x-max-length-bytes", 5));
        put(q, "aaa");
        put(q, "bb");
        put(q, "c");
        assertEquals(2, q.messageCount());
        assertEquals(3, q.stats().readyBytes());
    }

    @Test
    void rejectPublishRefusesAndRejectPublishDlxAlsoDeadLetters() {
        Queue q = host.queue(Map.of("x-max-length", 1, "x-overflow", "reject-publish",
                "x-dead-letter-exchange", "dlx"));
        assertEquals(EnqueueResult.ACCEPTED, put(q, "a"));
        assertEquals(EnqueueResult.REFUSED_OVERFLOW, put(q, "b"));
        assertEquals(List.of(), host.deadLetters());

        Queue q2 = host.queue(Map.of("x-max-length", 1, "x-overflow", "reject-publish-dlx",
                "x-dead-letter-exchange", "dlx"));
        put(q2, "a");
        assertEquals(EnqueueResult.REFUSED_OVERFLOW, put(q2, "b"));
        assertEquals(List.of("b:maxlen"), host.deadLetters());
        assertEquals(1, q2.messageCount());
    }

    @Test
    void priorityQueueServesHigherFirstAndFifoWithinAPriority() {
        Queue q = host.queue(Map.of("x-max-priority", 5));
        put(q, Messages.withPriority("low1", 1));
        put(q, Messages.text("none"));
        put(q, Messages.withPriority("high1", 5));
        put(q, Messages.withPriority("capped", 200));
        put(q, Messages.withPriority("low2", 1));
        RecordingSink sink = new RecordingSink();
        consume(q, sink, spec("c").withAutoAck(true));
        assertEquals(List.of("high1", "capped", "low1", "low2", "none"), sink.bodies());
    }

    @Test
    void queueWithoutMaxPriorityIgnoresMessagePriority() {
        Queue q = host.queue(Map.of());
        put(q, Messages.withPriority("a", 1));
        put(q, Messages.withPriority("b", 9));
        RecordingSink sink = new RecordingSink();
        consume(q, sink, spec("c").withAutoAck(true));
        assertEquals(List.of("a", "b"), sink.bodies());
    }

    @Test
    void deliveryLimitDeadLettersAPoisonMessage() {
        Queue q = host.queue(Map.of("x-delivery-limit", 2, "x-dead-letter-exchange", "dlx"));
        put(q, "poison");
        for (int i = 0; i < 2; i++) {
            GetResult r = q.get(false);
            r.delivery().message().release();
            q.requeue(r.delivery().deliveryId(), true);
            assertEquals(1, q.messageCount());
        }
        GetResult r = q.get(false);
        r.delivery().message().release();
        assertEquals(2, r.delivery().deliveryCount());
        q.requeue(r.delivery().deliveryId(), true);
        assertEquals(0, q.messageCount());
        assertEquals(List.of("poison:delivery_limit"), host.deadLetters());
        assertAllReleased();
    }

    @Test
    void getReturnsOneMessageWithTheRemainingCount() {
        Queue q = host.queue(Map.of());
        assertTrue(q.get(true).isEmpty());
        put(q, "a");
        put(q, "b");
        GetResult r = q.get(false);
        assertEquals("a", Messages.bodyOf(r.delivery().message()));
        assertEquals(1, r.remaining());
        r.delivery().message().release();
        assertTrue(q.ack(r.delivery().deliveryId()));
        GetResult r2 = q.get(true);
        r2.delivery().message().release();
        assertEquals(0, r2.remaining());
        assertAllReleased();
    }

    @Test
    void purgeRemovesReadyMessagesOnly() {
        Queue q = host.queue(Map.of());
        RecordingSink sink = new RecordingSink();
        consume(q, sink, spec("c").withPrefetch(1));
        put(q, "a");
        put(q, "b");
        put(q, "c");
        assertEquals(2, q.purge());
        assertEquals(1, q.stats().unsettled());
    }

    @Test
    void deleteCancelsConsumersAndReleasesEverything() {
        Queue q = host.queue(Map.of());
        RecordingSink sink = new RecordingSink();
        consume(q, sink, spec("c").withPrefetch(1));
        put(q, "a");
        put(q, "b");
        assertEquals(1, q.delete());
        assertTrue(sink.wasCancelledByBroker());
        assertEquals(EnqueueResult.QUEUE_GONE, put(q, "late"));
        assertThrows(BrokerException.class, () -> q.get(true));
        assertAllReleased();
    }

    @Test
    void aSinkMayAckFromInsideDeliver() {
        Queue q = host.queue(Map.of());
        List<String> seen = new ArrayList<>();
        q.subscribe(spec("self").withPrefetch(1), (s, d) -> {
            seen.add(Messages.bodyOf(d.message()));
            s.queue().ack(d.deliveryId());
        });
        put(q, "a");
        put(q, "b");
        put(q, "c");
        assertEquals(List.of("a", "b", "c"), seen);
        assertEquals(0, q.stats().unsettled());
        assertAllReleased();
    }

    @Test
    void sinkThatIsNotReadyIsSkippedUntilResumed() {
        Queue q = host.queue(Map.of());
        RecordingSink sink = new RecordingSink();
        sink.setAccepting(false);
        Subscription s = consume(q, sink, spec("c").withAutoAck(true));
        put(q, "a");
        assertEquals(List.of(), sink.bodies());
        sink.setAccepting(true);
        s.resume();
        assertEquals(List.of("a"), sink.bodies());
    }

    @Test
    void persistentMessagesOnDurableQueuesAreRecordedInTheStore() {
        Queue q = host.queue(QueueDefinition.durable("d", Map.of()));
        Message m = Messages.text("p", dev.sluice.core.message.MessageProperties.builder().persistent().build())
                .withId(42);
        put(q, m);
        assertEquals(1, host.store.messageCount());
        GetResult r = q.get(false);
        r.delivery().message().release();
        q.requeue(r.delivery().deliveryId(), true);
        assertEquals(1, host.storedEntries(new dev.sluice.store.QueueKey("/", "d")).get(0).deliveryCount());
        GetResult r2 = q.get(false);
        r2.delivery().message().release();
        q.ack(r2.delivery().deliveryId());
        assertEquals(0, host.store.messageCount());
        assertAllReleased();
    }

    @Test
    void closingKeepsStoredMessagesForTheNextStart() {
        Queue q = host.queue(QueueDefinition.durable("d", Map.of()));
        put(q, Messages.text("p", dev.sluice.core.message.MessageProperties.builder().persistent().build())
                .withId(7));
        q.close();
        assertEquals(1, host.store.messageCount());
        assertNull(q.activeConsumerTag());
    }
    @Test
    void aQueueWithoutConsumersIsNeverCongested() {
        Queue q = host.queue(Map.of());
        for (int i = 0; i < Queue.CONGESTION_MESSAGES + 10; i++) {
            put(q, "m" + i);
        }
        assertFalse(q.congested(), "a queue may buffer any number of messages for later consumers");
    }

    @Test
    void unackedDeliveriesOfAConsumerWithoutPrefetchCountAsBacklogUntilAcked() {
        Queue q = host.queue(Map.of());
        RecordingSink sink = new RecordingSink();
        consume(q, sink, spec("c"));
        int mark = Queue.CONGESTION_MESSAGES;
        for (int i = 0; i < mark - 1; i++) {
            put(q, "m" + i);
        }
        assertFalse(q.congested());
        put(q, "last");
        assertTrue(q.congested(), "the consumer is a whole mark behind");
        List<String> calls = new ArrayList<>();
        q.whenUncongested(() -> calls.add("resumed"));
        assertEquals(List.of(), calls, "waits while congested");
        List<Delivery> held = sink.deliveries();
        int acked = 0;
        while (calls.isEmpty()) {
            assertTrue(q.ack(held.get(acked++).deliveryId()));
        }
        assertEquals(mark - mark / 2 + 1, acked, "clears once the backlog is under half the mark");
        assertFalse(q.congested());
        q.whenUncongested(() -> calls.add("at once"));
        assertEquals(List.of("resumed", "at once"), calls);
    }

    @Test
    void readyMessagesCountWhenTheConsumerCannotTakeThemAndDeletionReleasesWaiters() {
        Queue q = host.queue(Map.of());
        RecordingSink sink = new RecordingSink();
        consume(q, sink, spec("c"));
        sink.setAccepting(false);
        for (int i = 0; i < Queue.CONGESTION_MESSAGES; i++) {
            put(q, "m" + i);
        }
        assertTrue(q.congested());
        List<String> calls = new ArrayList<>();
        q.whenUncongested(() -> calls.add("resumed"));
        q.delete();
        assertEquals(List.of("resumed"), calls, "publishers never wait for a queue that is gone");
        assertFalse(q.congested());
    }

    @Test
    void consumersWithAWindowNeverMakeTheQueueCongested() {
        Queue q = host.queue(Map.of());
        RecordingSink windowed = new RecordingSink();
        consume(q, windowed, spec("windowed").withPrefetch(1));
        consume(q, new RecordingSink(), spec("auto").withAutoAck(true)).cancel();
        for (int i = 0; i < Queue.CONGESTION_MESSAGES + 1; i++) {
            put(q, "m" + i);
        }
        assertFalse(q.congested(), "the queue buffers for consumers that have a prefetch window");
    }

    @Test
    void theLastConsumerWithoutWindowLeavingEndsTheCongestion() {
        Queue q = host.queue(Map.of());
        RecordingSink slow = new RecordingSink();
        Subscription s = consume(q, slow, spec("slow"));
        slow.setAccepting(false);
        consume(q, new RecordingSink(), spec("windowed").withPrefetch(1));
        for (int i = 0; i < Queue.CONGESTION_MESSAGES + 1; i++) {
            put(q, "n" + i);
        }
        assertTrue(q.congested());
        List<String> calls = new ArrayList<>();
        q.whenUncongested(() -> calls.add("resumed"));
        assertEquals(List.of(), calls);
        s.cancel();
        assertEquals(List.of("resumed"), calls, "only consumers without a window make a queue congested");
        assertEquals(Queue.CONGESTION_MESSAGES, q.messageCount(), "the backlog waits for the windowed consumer");
    }
}
