package dev.sluice.core.queue;

import dev.sluice.core.Owner;
import dev.sluice.core.message.Message;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How a consumer wants messages: its tag, its connection, whether it settles (ack mode) or
 * takes messages pre-settled (auto-ack), its priority ({@code x-priority}), exclusivity, and its
 * window: a prefetch limit on unsettled deliveries (0-9-1, 0 = no limit) or link credit (1.0),
 * and an optional filter (a JMS selector, say): a consumer is offered only the messages its filter
 * accepts, and the others stay in the queue for other consumers.
 *
 * <p>Threading: immutable.
 */
public record ConsumerSpec(String tag, Owner owner, boolean autoAck, boolean exclusive, int priority,
                           Window window, int prefetch, Predicate<Message> filter) {

    /** Which window bounds the deliveries in flight. */
    public enum Window {
        /** At most {@code prefetch} unsettled deliveries; 0 = unlimited (AMQP 0-9-1 basic.qos). */
        PREFETCH,
        /** One delivery per unit of credit; credit is granted by the consumer (AMQP 1.0 flow). */
        CREDIT
    }

    public ConsumerSpec {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(window, "window");
        if (prefetch < 0) {
            throw new IllegalArgumentException("prefetch must not be negative");
        }
    }

    /** A settling consumer with no prefetch limit and priority 0. */
    public static ConsumerSpec of(String tag, Owner owner) {
        return new ConsumerSpec(tag, owner, false, false, 0, Window.PREFETCH, 0, null);
    }

    public ConsumerSpec withAutoAck(boolean value) {
        return new ConsumerSpec(tag, owner, value, exclusive, priority, window, prefetch, filter);
    }

    public ConsumerSpec withExclusive(boolean value) {
        return new ConsumerSpec(tag, owner, autoAck, value, priority, window, prefetch, filter);
    }

    public ConsumerSpec withPriority(int value) {
        return new ConsumerSpec(tag, owner, autoAck, exclusive, value, window, prefetch, filter);
    }

    /** Prefetch window of {@code limit} unsettled deliveries (0 = unlimited). */
    public ConsumerSpec withPrefetch(int limit) {
        return new ConsumerSpec(tag, owner, autoAck, exclusive, priority, Window.PREFETCH, limit, filter);
    }

    /**
     * Offers this consumer only the messages {@code test} accepts (null: every message). The
     * predicate runs with the queue's lock held, on any thread: it must be fast, thread-safe and
     * must not call into the broker.
     */
    public ConsumerSpec withFilter(Predicate<Message> test) {
        return new ConsumerSpec(tag, owner, autoAck, exclusive, priority, window, prefetch, test);
    }

    /** True when this consumer takes {@code message}: it has no filter, or its filter accepts it. */
    public boolean accepts(Message message) {
        return filter == null || filter.test(message);
    }

    /** Credit window starting with no credit; grant it with {@link Subscription#setCredit}. */
    public ConsumerSpec withCredit() {
        return new ConsumerSpec(tag, owner, autoAck, exclusive, priority, Window.CREDIT, 0, filter);
    }
}
