package dev.sluice.core.routing;

import static dev.sluice.core.routing.RoutingFixtures.definition;
import static dev.sluice.core.routing.RoutingFixtures.queues;
import static dev.sluice.core.routing.RoutingFixtures.set;
import static dev.sluice.core.routing.RoutingFixtures.toQueue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FanoutExchangeTest {
    private final FanoutExchange exchange = new FanoutExchange(definition("f", ExchangeType.FANOUT));

    @Test
    void routesToEveryDestinationOnceWhateverTheKey() {
        exchange.bind(toQueue(exchange, "a", "q1"));
        exchange.bind(toQueue(exchange, "b", "q2"));
        exchange.bind(toQueue(exchange, "c", "q1"));

        for (String key : List.of("", "a", "anything.at.all")) {
            List<String> routed = queues(exchange, key);
            assertEquals(2, routed.size(), routed::toString);
            assertEquals(set("q1", "q2"), new HashSet<>(routed));
        }
    }

    @Test
    void unbindingOneOfTwoBindingsToADestinationKeepsIt() {
        exchange.bind(toQueue(exchange, "a", "q"));
        exchange.bind(toQueue(exchange, "b", "q"));

        exchange.unbind(toQueue(exchange, "a", "q"));
        assertEquals(List.of("q"), queues(exchange, "x"));
        exchange.unbind(toQueue(exchange, "b", "q"));
        assertEquals(List.of(), queues(exchange, "x"));
        assertEquals(0, exchange.bindingCount());
    }
}
