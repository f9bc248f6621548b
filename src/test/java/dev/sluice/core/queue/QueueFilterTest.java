package dev.sluice.core.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.core.Owner;
import dev.sluice.core.message.Message;
import dev.sluice.testing.Messages;
import dev.sluice.testing.RecordingSink;
import dev.sluice.testing.TestQueueHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Consumers with a filter (JMS selectors): each is offered only what it accepts; the rest waits. */
class QueueFilterTest {
    private final TestQueueHost host = new TestQueueHost();
    private final Owner owner = new Owner("test");
    private final List<Message> published = new ArrayList<>();

    private void put(Queue q, String body) {
        Message m = Messages.text(body);
        published.add(m);
        q.enqueue(m);
        m.release();
    }

    private static Predicate<Message> startsWith(String prefix) {
        return m -> Messages.bodyOf(m).startsWith(prefix);
    }

    private ConsumerSpec spec(String tag, Predicate<Message> filter) {
        return ConsumerSpec.of(tag, owner).withAutoAck(true).withFilter(filter);
    }

    @AfterEach
    void everyBodyIsReleased() {
        for (Message m : published) {
            assertEquals(0, m.body().refCnt(), () -> "still referenced: " + Messages.bodyOf(m));
        }
    }

    @Test
    void nonMatchingMessagesStayForOtherConsumersInOrder() {
        Queue q = host.queue(Map.of());
        RecordingSink red = new RecordingSink();
        q.subscribe(spec("red", startsWith("red")), red);
        put(q, "blue-1");
        put(q, "red-1");
        put(q, "blue-2");
        put(q, "red-2");
        assertEquals(List.of("red-1", "red-2"), red.bodies());
        assertEquals(2, q.messageCount());

        RecordingSink any = new RecordingSink();
        q.subscribe(spec("any", null), any);
        assertEquals(List.of("blue-1", "blue-2"), any.bodies());
        assertEquals(0, q.messageCount());
    }

    @Test
    void aMessageWaitingAtTheHeadDoesNotHoldUpLaterMatches() {
        Queue q = host.queue(Map.of());
        put(q, "blue-1");
        put(q, "red-1");
        RecordingSink red = new RecordingSink();
        q.subscribe(spec("red", startsWith("red")), red);
        put(q, "red-2");
        assertEquals(List.of("red-1", "red-2"), red.bodies());
        q.purge();
    }

    @Test
    void eachMessageGoesToAConsumerThatAcceptsIt() {
        Queue q = host.queue(Map.of());
        RecordingSink red = new RecordingSink();
        RecordingSink blue = new RecordingSink();
        q.subscribe(spec("red", startsWith("red")), red);
        q.subscribe(spec("blue", startsWith("blue")), blue);
        for (int i = 0; i < 3; i++) {
            put(q, "red-" + i);
            put(q, "blue-" + i);
        }
        assertEquals(List.of("red-0", "red-1", "red-2"), red.bodies());
        assertEquals(List.of("blue-0", "blue-1", "blue-2"), blue.bodies());
    }

    @Test
    void creditIsSpentOnMatchingMessagesOnly() {
        Queue q = host.queue(Map.of());
        put(q, "blue-1");
        put(q, "red-1");
        put(q, "red-2");
        RecordingSink red = new RecordingSink();
        Subscription s = q.subscribe(ConsumerSpec.of("red", owner).withCredit().withFilter(startsWith("red")), red);
        s.setCredit(1);
        assertEquals(List.of("red-1"), red.bodies());
        assertEquals(0, s.credit());
        s.setCredit(5);
        assertEquals(List.of("red-1", "red-2"), red.bodies());
        assertEquals(4, s.credit());
        q.ack(red.deliveries().get(0).deliveryId());
        q.ack(red.deliveries().get(1).deliveryId());
        assertEquals(1, q.messageCount());
        q.purge();
    }

    @Test
    void passedOverMessagesKeepTheirPlaceWhenADeliveryComesBack() {
        Queue q = host.queue(Map.of());
        RecordingSink red = new RecordingSink();
        Subscription s = q.subscribe(ConsumerSpec.of("red", owner).withFilter(startsWith("red")), red);
        put(q, "blue-1");
        put(q, "red-1");
        put(q, "blue-2");
        s.cancelAndReturnUnsettled();
        RecordingSink all = new RecordingSink();
        q.subscribe(spec("all", null), all);
        assertEquals(List.of("blue-1", "red-1", "blue-2"), all.bodies());
    }
}
