package dev.sluice.core;

import dev.sluice.core.queue.Queue;
import java.util.List;

/**
 * What became of a published message.
 *
 * @param queues how many queues accepted it
 * @param refusedBy the queues that refused it by their overflow rule (reject-publish)
 * @param congested the queues that accepted it and are congested ({@link Queue#congested()}): an
 *     adapter may hold its publisher back until each has {@link Queue#whenUncongested called back}
 * @param messageId the id a persistent message was given for the store, 0 for a transient one:
 *     what {@link VirtualHost#whenSafe} waits on
 *
 * <p>Threading: immutable.
 */
public record RoutingResult(int queues, List<String> refusedBy, List<Queue> congested, long messageId) {
    /** Reached no queue: 0-9-1 basic.return (312 NO_ROUTE) when mandatory; 1.0 released. */
    public static final RoutingResult UNROUTABLE = new RoutingResult(0, List.of());

    /** A result with no congested queue, for a transient message. */
    public RoutingResult(int queues, List<String> refusedBy) {
        this(queues, refusedBy, List.of(), 0);
    }

    public boolean unroutable() {
        return queues == 0 && refusedBy.isEmpty();
    }

    /** True when any queue refused it: a confirming publisher gets a nack. */
    public boolean refused() {
        return !refusedBy.isEmpty();
    }
}
