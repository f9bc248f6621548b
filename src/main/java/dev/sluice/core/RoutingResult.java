package dev.sluice.core;

import java.util.List;

/**
 * What became of a published message.
 *
 * @param queues how many queues accepted it
 * @param refusedBy the queues that refused it by their overflow rule (reject-publish)
 *
 * <p>Threading: immutable.
 */
public record RoutingResult(int queues, List<String> refusedBy) {
    /** Reached no queue: 0-9-1 basic.return (312 NO_ROUTE) when mandatory; 1.0 released. */
    public static final RoutingResult UNROUTABLE = new RoutingResult(0, List.of());

    public boolean unroutable() {
        return queues == 0 && refusedBy.isEmpty();
    }

    /** True when any queue refused it: a confirming publisher gets a nack. */
    public boolean refused() {
        return !refusedBy.isEmpty();
    }
}
