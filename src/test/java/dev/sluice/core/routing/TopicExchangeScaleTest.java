package dev.sluice.core.routing;

import static dev.sluice.core.routing.RoutingFixtures.definition;
import static dev.sluice.core.routing.RoutingFixtures.queues;
import static dev.sluice.core.routing.RoutingFixtures.set;
import static dev.sluice.core.routing.RoutingFixtures.toQueue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A topic exchange with 100,000 bindings: binding, routing and unbinding a subset. */
class TopicExchangeScaleTest {
    private static final int BINDINGS = 100_000;

    /** The deadline only catches an O(bindings) bind, which would take minutes; it asserts no speed. */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void routesAndUnbindsCorrectlyWithAHundredThousandBindings() {
        TopicExchange exchange = new TopicExchange(definition("big", ExchangeType.TOPIC));
        for (int i = 0; i < BINDINGS; i++) {
            exchange.bind(toQueue(exchange, "a" + i + ".*.c" + (i % 100), "q" + i));
        }
        for (int k = 0; k < 100; k++) {
            exchange.bind(toQueue(exchange, "#.c" + k, "tail" + k));
        }
        exchange.bind(toQueue(exchange, "a7.#", "under-a7"));
        assertEquals(BINDINGS + 101, exchange.bindingCount());

        assertEquals(set("q5", "tail5"), new HashSet<>(queues(exchange, "a5.x.c5")));
        assertEquals(set("tail6"), new HashSet<>(queues(exchange, "a5.x.c6")));
        assertEquals(set("q99999", "tail99"), new HashSet<>(queues(exchange, "a99999.y.c99")));
        assertEquals(set("q7", "tail7", "under-a7"), new HashSet<>(queues(exchange, "a7..c7")));
        assertEquals(set("under-a7"), new HashSet<>(queues(exchange, "a7.x")));
        assertEquals(set("tail3"), new HashSet<>(queues(exchange, "c3")));
        assertEquals(set(), new HashSet<>(queues(exchange, "a5.c5.x")));

        for (int i = 0; i < BINDINGS; i += 2) {
            exchange.unbind(toQueue(exchange, "a" + i + ".*.c" + (i % 100), "q" + i));
        }
        assertEquals(BINDINGS / 2 + 101, exchange.bindingCount());
        assertEquals(set("tail4"), new HashSet<>(queues(exchange, "a4.x.c4")));
        assertEquals(set("q5", "tail5"), new HashSet<>(queues(exchange, "a5.x.c5")));
        assertEquals(set("q99999", "tail99"), new HashSet<>(queues(exchange, "a99999.y.c99")));

        for (int i = 1; i < BINDINGS; i += 2) {
            exchange.unbindAll(Destination.queue("q" + i));
        }
        for (int k = 0; k < 100; k++) {
            exchange.unbind(toQueue(exchange, "#.c" + k, "tail" + k));
        }
        exchange.unbind(toQueue(exchange, "a7.#", "under-a7"));
        assertEquals(0, exchange.bindingCount());
        assertEquals(1, exchange.trieNodeCount());
        assertEquals(set(), new HashSet<>(queues(exchange, "a5.x.c5")));
    }
}
