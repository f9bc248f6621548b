package dev.sluice.core.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.core.Owner;
import dev.sluice.core.message.Message;
import dev.sluice.core.message.MessageProperties;
import dev.sluice.store.QueueKey;
import dev.sluice.testing.Messages;
import dev.sluice.testing.TestQueueHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Paging queues on plain objects for tests: a host whose queues page out beyond a budget of 1,000
 * bytes (with 3-byte bodies, four messages at {@link MemoryBudget#cost} each fill it) with a head
 * window of {@link #WINDOW} entries, persistent messages with fresh ids, and a check that every
 * message published through it has been released.
 *
 * <p>Threading: one test thread.
 */
final class PagingFixture {
    static final QueueKey KEY = new QueueKey("/", "q");
    static final int WINDOW = 4;

    final TestQueueHost host = new TestQueueHost();
    final Owner owner = new Owner("test");
    private final List<Message> published = new ArrayList<>();
    private long nextId = 1;

    PagingFixture() {
        host.paging(1000, WINDOW);
    }

    /** A durable queue named "q". */
    Queue durable(Map<String, Object> args) {
        return host.queue(QueueDefinition.durable("q", args));
    }

    Message persistent(String body) {
        return Messages.text(body, MessageProperties.builder().persistent().build()).withId(nextId++);
    }

    /** A transient message with a fresh id (the broker gives every message one). */
    Message transientMessage(String body) {
        return Messages.text(body).withId(nextId++);
    }

    /** Publishes transient messages named {@code prefix} and two digits, numbered {@code from} to {@code to - 1}. */
    void publishTransient(Queue q, String prefix, int from, int to) {
        for (String name : names(prefix, from, to)) {
            put(q, transientMessage(name));
        }
    }

    /** Offers {@code m} and gives up the caller's reference; the message is checked at the end. */
    EnqueueResult put(Queue q, Message m) {
        published.add(m);
        EnqueueResult r = q.enqueue(m);
        m.release();
        return r;
    }

    /** Publishes persistent messages named {@code prefix} and two digits, numbered {@code from} to {@code to - 1}. */
    void publish(Queue q, String prefix, int from, int to) {
        for (String name : names(prefix, from, to)) {
            put(q, persistent(name));
        }
    }

    static List<String> names(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> String.format("%s%02d", prefix, i)).toList();
    }

    /** Every message published through this fixture, in order. */
    List<Message> published() {
        return published;
    }

    void assertAllReleased() {
        for (Message m : published) {
            assertEquals(0, m.body().refCnt(), () -> "still referenced: " + Messages.bodyOf(m));
        }
    }
}
