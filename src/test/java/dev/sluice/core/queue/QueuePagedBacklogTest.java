package dev.sluice.core.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.Owner;
import dev.sluice.core.message.Message;
import dev.sluice.store.QueueKey;
import dev.sluice.store.StoredEntry;
import dev.sluice.testing.Browsing;
import dev.sluice.testing.Messages;
import dev.sluice.testing.RecordingSink;
import dev.sluice.testing.TestQueueHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Browsing, consumer filters and congestion on a queue whose backlog is paged out. As in
 * {@link QueuePagingTest}, messages of 3-byte bodies cost 259 bytes of a 1,000-byte budget, so
 * four fill it; the head window is 4 entries (it reads again below 2).
 */
class QueuePagedBacklogTest {
    private static final QueueKey KEY = PagingFixture.KEY;

    private final PagingFixture paging = new PagingFixture();
    private final TestQueueHost host = paging.host;
    private final Owner owner = paging.owner;

    @AfterEach
    void everyBodyIsReleased() {
        paging.assertAllReleased();
    }

    private Queue durable() {
        return paging.durable(Map.of());
    }

    private void put(Queue q, Message m) {
        paging.put(q, m);
    }

    private void persistent(Queue q, String... bodies) {
        for (String body : bodies) {
            paging.put(q, paging.persistent(body));
        }
    }

    private void persistent(Queue q, String prefix, int from, int to) {
        paging.publish(q, prefix, from, to);
    }

    private static List<String> names(String prefix, int from, int to) {
        return PagingFixture.names(prefix, from, to);
    }

    private static Predicate<Message> startsWith(String prefix) {
        return m -> Messages.bodyOf(m).startsWith(prefix);
    }

    /** A durable queue of persistent messages b00, b01, ... but for r{@code redAt}, {@code total} of them. */
    private Queue blueWithRedAt(int redAt, int total) {
        Queue q = durable();
        persistent(q, "b", 0, redAt);
        persistent(q, "r", redAt, redAt + 1);
        persistent(q, "b", redAt + 1, total);
        return q;
    }

    /** Subscribes {@code sink} for the messages whose body starts with {@code prefix}. */
    private Subscription filtered(Queue q, String prefix, ConsumerSpec spec, RecordingSink sink) {
        return q.subscribe(spec.withFilter(startsWith(prefix)), sink);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<String> drain(Queue q) {
        return Messages.drainWithGets(q);
    }

    private long cost(int messages) {
        return messages * MemoryBudget.cost(3);
    }

    // ---------------------------------------------------------------- browsing

    @Test
    void browsingShowsTheHeadAndEveryPartOfTheBacklogInOrderAndTakesNothing() {
        Queue q = durable();
        persistent(q, "m", 0, 12);
        put(q, Messages.text("t12"));
        persistent(q, "m13");
        assertEquals(9, q.stats().pagedOut(), "head m00-m03, range m04-m11, run t12, range m13");
        long budget = host.budget().used();

        List<String> expected = concat(names("m", 0, 12), List.of("t12", "m13"));
        assertEquals(expected, Browsing.bodies(q));
        assertEquals(14, q.messageCount());
        assertEquals(9, q.stats().pagedOut(), "nothing was paged in for the browser");
        assertEquals(budget, host.budget().used());
        assertEquals(expected, drain(q));
    }

    @Test
    void aBrowserWaitsForTheStoreWithoutBlockingAndShowsWhatWasReadyWhenItOpened() {
        Queue q = durable();
        persistent(q, "m", 0, 10);
        GetResult held = q.get(false);
        QueueBrowser browser = q.browser();
        persistent(q, "late");

        List<String> shown = new ArrayList<>();
        CompletableFuture<List<Message>> first = new CompletableFuture<>();
        browser.next(first::complete);
        first.join().forEach(m -> {
            shown.add(Messages.bodyOf(m));
            m.release();
        });
        assertEquals(names("m", 1, 4), shown, "the head at once; the unsettled m00 is left out");

        host.holdReads();
        CompletableFuture<List<Message>> second = new CompletableFuture<>();
        browser.next(second::complete);
        assertFalse(second.isDone(), "the read of the range is under way");
        assertEquals(1, host.releaseReads());
        second.join().forEach(m -> {
            shown.add(Messages.bodyOf(m));
            m.release();
        });
        while (!browser.finished()) {
            CompletableFuture<List<Message>> more = new CompletableFuture<>();
            browser.next(more::complete);
            more.join().forEach(m -> {
                shown.add(Messages.bodyOf(m));
                m.release();
            });
        }
        assertEquals(names("m", 1, 10), shown, "published after the browser opened: not shown");
        held.delivery().message().release();
        q.ack(held.delivery().deliveryId());
        assertEquals(10, q.messageCount());
        q.delete();
    }

    // ---------------------------------------------------------------- filters

    @Test
    void aFilteredConsumerFindsMatchesBehindAHeadItPassesOverWithoutPagingEverythingIn() {
        Queue q = durable();
        persistent(q, "b", 0, 20);
        persistent(q, "r20", "r21");
        RecordingSink red = new RecordingSink();
        Subscription s = filtered(q, "r", ConsumerSpec.of("red", owner).withPrefetch(10), red);

        assertEquals(List.of("r20", "r21"), red.bodies(), "found on disk behind b00-b03");
        assertEquals(20, q.messageCount());
        assertEquals(16, q.stats().pagedOut(), "the blue ones read past stay on disk");
        assertEquals(cost(4 + 2), host.budget().used(), "the head window and the two deliveries");
        assertEquals(22, host.storedEntries(KEY).size(), "unsettled ones stay stored");

        q.ack(red.deliveries().get(0).deliveryId());
        assertEquals(21, host.storedEntries(KEY).size());
        s.cancelAndReturnUnsettled();
        assertEquals(21, q.messageCount());
        assertEquals(17, q.stats().pagedOut(), "r21 is back on disk, at its place");
        assertEquals(concat(names("b", 0, 20), List.of("r21")), drain(q));
        assertTrue(host.storedEntries(KEY).isEmpty());
        assertEquals(0, host.budget().used());
    }

    @Test
    void aRequeuedMatchComesBackRedeliveredAndAPageInSkipsWhatIsOut() {
        Queue q = blueWithRedAt(8, 12);
        RecordingSink red = new RecordingSink();
        filtered(q, "r", ConsumerSpec.of("red", owner).withPrefetch(1), red);
        assertEquals(List.of("r08"), red.bodies());

        RecordingSink any = new RecordingSink();
        Subscription anyone = q.subscribe(ConsumerSpec.of("any", owner).withAutoAck(true), any);
        assertEquals(concat(names("b", 0, 8), names("b", 9, 12)), any.bodies(), "r08 is out: skipped");
        anyone.cancel();
        q.requeue(red.last().deliveryId(), true);
        assertEquals(List.of("r08", "r08"), red.bodies());
        assertTrue(red.last().redelivered());
        assertEquals(1, red.last().deliveryCount());
        q.ack(red.last().deliveryId());
        assertEquals(0, q.messageCount());
        assertEquals(0, host.store.messageCount());
        assertEquals(0, host.budget().used());
    }

    @Test
    void matchesInMemoryRunsBehindARangeAreFoundAndKeepTheirPlaceWhenReturned() {
        Queue q = durable();
        persistent(q, "b", 0, 6);
        put(q, Messages.text("r06"));
        persistent(q, "b07");
        assertEquals(3, q.stats().pagedOut(), "head b00-b03, range b04-b05, run r06, range b07");
        RecordingSink red = new RecordingSink();
        Subscription s = filtered(q, "r", ConsumerSpec.of("red", owner), red);
        assertEquals(List.of("r06"), red.bodies());
        assertEquals(7, q.messageCount());

        s.cancelAndReturnUnsettled();
        assertEquals(8, q.messageCount());
        assertEquals(List.of("b00", "b01", "b02", "b03", "b04", "b05", "r06", "b07"), drain(q));
    }

    @Test
    void aConsumerThatHadNoRoomLooksAgainAndOneArrivingLaterLooksFromTheStart() {
        Queue q = durable();
        persistent(q, "b", 0, 6);
        persistent(q, "r06", "g07", "r08", "g09");
        RecordingSink red = new RecordingSink();
        filtered(q, "r", ConsumerSpec.of("red", owner).withPrefetch(1), red);
        assertEquals(List.of("r06"), red.bodies(), "full after one");
        q.ack(red.last().deliveryId());
        assertEquals(List.of("r06", "r08"), red.bodies(), "with room again it goes on from where it stopped");

        RecordingSink green = new RecordingSink();
        filtered(q, "g", ConsumerSpec.of("green", owner).withAutoAck(true), green);
        assertEquals(List.of("g07", "g09"), green.bodies(), "a new consumer looks behind the head from its start");
        q.ack(red.last().deliveryId());
        assertEquals(names("b", 0, 6), drain(q));
        assertEquals(0, host.budget().used());
    }

    @Test
    void purgeLeavesTheEntriesFilteredConsumersTookFromBehindTheHeadToThem() {
        Queue q = blueWithRedAt(6, 10);
        RecordingSink red = new RecordingSink();
        filtered(q, "r", ConsumerSpec.of("red", owner), red);
        assertEquals(List.of("r06"), red.bodies());

        assertEquals(9, q.purge());
        assertEquals(List.of(red.last().deliveryId()), host.storedEntries(KEY).stream().map(StoredEntry::seq).toList(),
                "only the unsettled r06 is still stored");
        q.requeue(red.last().deliveryId(), false);
        assertEquals(List.of("r06", "r06"), red.bodies());
        q.ack(red.last().deliveryId());
        assertEquals(0, host.store.messageCount());
        assertEquals(0, host.budget().used());
    }

    // ---------------------------------------------------------------- congestion

    @Test
    void pagedOutMessagesCountTowardsCongestion() {
        Queue q = durable();
        RecordingSink slow = new RecordingSink();
        q.subscribe(ConsumerSpec.of("slow", owner), slow);
        slow.setAccepting(false);
        int mark = Queue.CONGESTION_MESSAGES;
        for (int i = 0; i < mark - 1; i++) {
            persistent(q, "m" + (i % 100));
        }
        assertFalse(q.congested());
        assertTrue(q.stats().pagedOut() >= mark - 1 - PagingFixture.WINDOW, "nearly all of them are on disk only");
        persistent(q, "end");
        assertTrue(q.congested(), "messages held only on disk are part of the queue's depth");

        List<String> calls = new ArrayList<>();
        q.whenUncongested(() -> calls.add("resumed"));
        int taken = 0;
        while (calls.isEmpty()) {
            GetResult r = q.get(true);
            r.delivery().message().release();
            taken++;
        }
        assertEquals(mark - mark / 2 + 1, taken, "clears once the whole backlog is under half the mark");
        assertTrue(q.stats().pagedOut() > 0);
        q.delete();
    }
}
