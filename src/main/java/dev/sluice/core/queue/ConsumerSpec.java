package dev.sluice.core.queue;

import dev.sluice.core.Owner;
import java.util.Objects;

/**
 * How a consumer wants messages: its tag, its connection, whether it settles (ack mode) or
 * takes messages pre-settled (auto-ack), its priority ({@code x-priority}), exclusivity, and its
 * window: a prefetch limit on unsettled deliveries (0-9-1, 0 = no limit) or link credit (1.0).
 *
 * <p>Threading: immutable.
 */
public record ConsumerSpec(String tag, Owner owner, boolean autoAck, boolean exclusive, int priority,
                           Window window, int prefetch) {

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
        return new ConsumerSpec(tag, owner, false, false, 0, Window.PREFETCH, 0);
    }

    public ConsumerSpec withAutoAck(boolean value) {
        return new ConsumerSpec(tag, owner, value, exclusive, priority, window, prefetch);
    }

    public ConsumerSpec withExclusive(boolean value) {
        return new ConsumerSpec(tag, owner, autoAck, value, priority, window, prefetch);
    }

    public ConsumerSpec withPriority(int value) {
        return new ConsumerSpec(tag, owner, autoAck, exclusive, value, window, prefetch);
    }

    /** Prefetch window of {@code limit} unsettled deliveries (0 = unlimited). */
    public ConsumerSpec withPrefetch(int limit) {
        return new ConsumerSpec(tag, owner, autoAck, exclusive, priority, Window.PREFETCH, limit);
    }

    /** Credit window starting with no credit; grant it with {@link Subscription#setCredit}. */
    public ConsumerSpec withCredit() {
        return new ConsumerSpec(tag, owner, autoAck, exclusive, priority, Window.CREDIT, 0);
    }
}
