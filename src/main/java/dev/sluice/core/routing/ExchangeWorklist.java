package dev.sluice.core.routing;

import java.util.ArrayDeque;
import java.util.HashSet;

/**
 * The exchanges one routing pass still has to visit, each at most once, so that
 * exchange-to-exchange bindings and alternate exchanges that form cycles end. A name is marked
 * seen when it is first offered, whether or not the exchange exists (as RabbitMQ does). Nothing is
 * allocated until a second exchange is offered, which keeps the common single-exchange publish
 * cheap.
 *
 * <p>Threading: confined to the routing thread; one instance per routing pass.
 */
final class ExchangeWorklist {
    private final String startName;
    private HashSet<String> seen;
    private ArrayDeque<Exchange> pending;

    ExchangeWorklist(Exchange start) {
        this.startName = start.name();
    }

    /** Queues the exchange named {@code name} unless it was seen before or does not exist. */
    void offer(String name, Router.ExchangeLookup lookup) {
        if (seen == null) {
            if (name.equals(startName)) {
                return;
            }
            seen = new HashSet<>();
            seen.add(startName);
            pending = new ArrayDeque<>();
        }
        if (!seen.add(name)) {
            return;
        }
        Exchange exchange = lookup.exchange(name);
        if (exchange != null) {
            pending.add(exchange);
        }
    }

    /** The next exchange to visit, or null when there is none. */
    Exchange next() {
        return pending == null ? null : pending.poll();
    }
}
