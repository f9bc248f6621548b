package dev.sluice.core.routing;

import static dev.sluice.core.routing.RoutingFixtures.definition;
import static dev.sluice.core.routing.RoutingFixtures.queues;
import static dev.sluice.core.routing.RoutingFixtures.toQueue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DirectExchangeTest {
    private final DirectExchange exchange = new DirectExchange(definition("d", ExchangeType.DIRECT));

    @Test
    void routesOnlyAnExactKeyMatch() {
        exchange.bind(toQueue(exchange, "a.b", "q1"));
        exchange.bind(toQueue(exchange, "a", "q2"));

        assertEquals(List.of("q1"), queues(exchange, "a.b"));
        assertEquals(List.of("q2"), queues(exchange, "a"));
        assertEquals(List.of(), queues(exchange, "a.b.c"));
        assertEquals(List.of(), queues(exchange, "A.B"));
        assertEquals(List.of(), queues(exchange, "a.*"));
        assertEquals(List.of(), queues(exchange, ""));
    }

    @Test
    void routesEveryDestinationOfAKeyOnce() {
        exchange.bind(toQueue(exchange, "k", "q1"));
        exchange.bind(toQueue(exchange, "k", "q2"));
        exchange.bind(new Binding("d", Destination.queue("q1"), "k", Map.of("x-extra", 1)));

        assertEquals(List.of("q1", "q2"), queues(exchange, "k"));
    }

    @Test
    void aDestinationStaysWhileAnyOfItsBindingsRemains() {
        Binding plain = toQueue(exchange, "k", "q");
        Binding withArgs = new Binding("d", Destination.queue("q"), "k", Map.of("a", "b"));
        exchange.bind(plain);
        exchange.bind(withArgs);

        assertTrue(exchange.unbind(plain));
        assertEquals(List.of("q"), queues(exchange, "k"));
        assertTrue(exchange.unbind(withArgs));
        assertEquals(List.of(), queues(exchange, "k"));
    }

    @Test
    void bindingTwiceAndUnbindingWhatIsNotBoundAreNoOps() {
        Binding binding = toQueue(exchange, "k", "q");
        assertTrue(exchange.bind(binding));
        assertFalse(exchange.bind(toQueue(exchange, "k", "q")));
        assertEquals(1, exchange.bindingCount());
        assertFalse(exchange.unbind(toQueue(exchange, "other", "q")));
        assertFalse(exchange.unbind(new Binding("d", Destination.queue("q"), "k", Map.of("a", 1))));
        assertEquals(List.of(binding), exchange.bindings());
    }

    @Test
    void unbindAllRemovesEveryBindingToADestinationAndListsThemInBindOrder() {
        Binding first = toQueue(exchange, "k1", "q");
        Binding other = toQueue(exchange, "k1", "keep");
        Binding second = toQueue(exchange, "k2", "q");
        exchange.bind(first);
        exchange.bind(other);
        exchange.bind(second);

        assertEquals(List.of(first, other, second), exchange.bindings());
        assertEquals(List.of(first, second), exchange.unbindAll(Destination.queue("q")));
        assertEquals(List.of(other), exchange.bindings());
        assertEquals(List.of("keep"), queues(exchange, "k1"));
        assertEquals(List.of(), queues(exchange, "k2"));
        assertEquals(List.of(), exchange.unbindAll(Destination.queue("q")));
    }

    @Test
    void refusesABindingFromAnotherExchange() {
        assertThrows(IllegalArgumentException.class,
                () -> exchange.bind(new Binding("other", Destination.queue("q"), "k")));
    }
}
