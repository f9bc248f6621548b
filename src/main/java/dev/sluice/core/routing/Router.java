package dev.sluice.core.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Routes a message through the exchange graph of one virtual host, as RabbitMQ's
 * {@code rabbit_exchange:route/3} does: starting at the exchange published to, every exchange
 * reached is visited at most once (so cycles end); each visited exchange routes every routing key
 * of the message (the key itself plus CC and BCC keys); the queues it selects are collected and
 * the exchanges it selects are visited in turn. When an exchange's own bindings select nothing
 * at all and it names an {@code alternate-exchange} that exists, that exchange is visited instead;
 * this is decided per exchange, so an alternate exchange applies even when another exchange of
 * the graph did route the message.
 *
 * <p>Threading: stateless; safe from any number of threads at once (as safe as the
 * {@link ExchangeLookup} given). Allocation per call is a small list and, only when more than one
 * exchange is involved, a small set and queue.
 */
public final class Router {
    /** Finds exchanges by name within the virtual host being routed in. */
    @FunctionalInterface
    public interface ExchangeLookup {
        /** The exchange named {@code name}, or null when there is none. */
        Exchange exchange(String name);
    }

    private Router() {
    }

    /**
     * Adds to {@code queuesOut} the name of every queue the message reaches from {@code start}.
     * Each queue name is added once (pass a {@link QueueTargets} to keep the order in which they
     * were reached). Names of queues that do not exist are included (the default exchange routes
     * to any name); the caller drops them.
     *
     * @param routingKeys the routing key followed by the CC and BCC keys, if any
     * @param headers     the message's headers, or null
     */
    public static void route(Exchange start, List<String> routingKeys, Map<String, Object> headers,
                             ExchangeLookup lookup, Set<String> queuesOut) {
        ExchangeWorklist worklist = new ExchangeWorklist(start);
        ArrayList<Destination> matched = new ArrayList<>();
        for (Exchange exchange = start; exchange != null; exchange = worklist.next()) {
            matched.clear();
            for (String routingKey : routingKeys) {
                exchange.route(routingKey, headers, matched);
            }
            if (matched.isEmpty()) {
                String alternate = exchange.alternateExchange();
                if (alternate != null) {
                    worklist.offer(alternate, lookup);
                }
                continue;
            }
            for (int i = 0; i < matched.size(); i++) {
                Destination destination = matched.get(i);
                if (destination.isQueue()) {
                    queuesOut.add(destination.name());
                } else {
                    worklist.offer(destination.name(), lookup);
                }
            }
        }
    }
}
