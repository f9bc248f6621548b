package dev.sluice.core.routing;

import static dev.sluice.core.routing.RoutingFixtures.definition;
import static dev.sluice.core.routing.RoutingFixtures.set;
import static dev.sluice.core.routing.RoutingFixtures.toExchange;
import static dev.sluice.core.routing.RoutingFixtures.toQueue;
import static dev.sluice.core.routing.RoutingFixtures.withAlternate;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {
    /** The exchanges of one virtual host for the test. */
    private final Map<String, Exchange> exchanges = new HashMap<>();

    private <E extends Exchange> E add(E exchange) {
        exchanges.put(exchange.name(), exchange);
        return exchange;
    }

    private Exchange declare(String name, ExchangeType type) {
        return add(Exchange.create(definition(name, type)));
    }

    private Exchange declare(String name, ExchangeType type, String alternate) {
        return add(Exchange.create(withAlternate(name, type, alternate)));
    }

    private Set<String> route(String start, List<String> keys, Map<String, Object> headers) {
        Set<String> queues = new LinkedHashSet<>();
        Router.route(exchanges.get(start), keys, headers, exchanges::get, queues);
        return queues;
    }

    private Set<String> route(String start, String key) {
        return route(start, List.of(key), null);
    }

    @Test
    void followsAChainOfExchangeToExchangeBindings() {
        Exchange first = declare("first", ExchangeType.DIRECT);
        Exchange second = declare("second", ExchangeType.TOPIC);
        Exchange third = declare("third", ExchangeType.FANOUT);
        first.bind(toExchange(first, "k.x", "second"));
        first.bind(toQueue(first, "k.x", "q-first"));
        second.bind(toExchange(second, "k.*", "third"));
        third.bind(toQueue(third, "", "q-third"));

        assertEquals(List.of("q-first", "q-third"), List.copyOf(route("first", "k.x")));
        assertEquals(set(), route("first", "k.y"));
    }

    @Test
    void reachesAQueueOnceThroughADiamond() {
        Exchange top = declare("top", ExchangeType.FANOUT);
        Exchange left = declare("left", ExchangeType.FANOUT);
        Exchange right = declare("right", ExchangeType.FANOUT);
        Exchange bottom = declare("bottom", ExchangeType.FANOUT);
        top.bind(toExchange(top, "", "left"));
        top.bind(toExchange(top, "", "right"));
        left.bind(toExchange(left, "", "bottom"));
        right.bind(toExchange(right, "", "bottom"));
        left.bind(toQueue(left, "", "q"));
        right.bind(toQueue(right, "", "q"));
        bottom.bind(toQueue(bottom, "", "q"));
        bottom.bind(toQueue(bottom, "", "q-bottom"));

        assertEquals(List.of("q", "q-bottom"), List.copyOf(route("top", "")));
    }

    @Test
    void endsOnACycle() {
        Exchange a = declare("a", ExchangeType.FANOUT);
        Exchange b = declare("b", ExchangeType.FANOUT);
        a.bind(toExchange(a, "", "b"));
        b.bind(toExchange(b, "", "a"));
        a.bind(toExchange(a, "", "a"));
        b.bind(toQueue(b, "", "q-b"));

        assertEquals(set("q-b"), route("a", "x"));
        assertEquals(set("q-b"), route("b", "x"));
    }

    /** "main" (direct, "known" to q-main) with alternate exchange "ae" (fanout to q-unrouted). */
    private void declareMainWithAlternate() {
        Exchange main = declare("main", ExchangeType.DIRECT, "ae");
        main.bind(toQueue(main, "known", "q-main"));
        Exchange alternate = declare("ae", ExchangeType.FANOUT);
        alternate.bind(toQueue(alternate, "", "q-unrouted"));
    }

    @Test
    void usesTheAlternateExchangeWhenNothingMatched() {
        declareMainWithAlternate();
        assertEquals(set("q-unrouted"), route("main", "unknown"));
    }

    @Test
    void doesNotUseTheAlternateExchangeWhenSomethingMatched() {
        declareMainWithAlternate();
        assertEquals(set("q-main"), route("main", "known"));
    }

    @Test
    void appliesAnAlternateExchangePerExchangeEvenWhenAnotherExchangeMatched() {
        Exchange top = declare("top", ExchangeType.FANOUT);
        Exchange inner = declare("inner", ExchangeType.DIRECT, "inner-ae");
        Exchange innerAlternate = declare("inner-ae", ExchangeType.FANOUT);
        top.bind(toQueue(top, "", "q-top"));
        top.bind(toExchange(top, "", "inner"));
        inner.bind(toQueue(inner, "other", "q-inner"));
        innerAlternate.bind(toQueue(innerAlternate, "", "q-inner-ae"));

        assertEquals(List.of("q-top", "q-inner-ae"), List.copyOf(route("top", "k")));
    }

    @Test
    void followsAChainOfAlternateExchanges() {
        declare("x", ExchangeType.DIRECT, "y");
        Exchange y = declare("y", ExchangeType.TOPIC, "z");
        Exchange z = declare("z", ExchangeType.FANOUT);
        y.bind(toQueue(y, "nothing.*", "q-y"));
        z.bind(toQueue(z, "", "q-z"));

        assertEquals(set("q-z"), route("x", "k"));
    }

    @Test
    void endsOnACycleOfAlternateExchanges() {
        declare("x", ExchangeType.DIRECT, "y");
        declare("y", ExchangeType.DIRECT, "x");

        assertEquals(set(), route("x", "k"));
    }

    @Test
    void ignoresAMissingAlternateExchangeAndAMissingDestinationExchange() {
        Exchange main = declare("main", ExchangeType.DIRECT, "no-such-ae");
        assertEquals(set(), route("main", "k"));

        main.bind(toExchange(main, "k", "no-such-exchange"));
        main.bind(toQueue(main, "k", "q"));
        assertEquals(set("q"), route("main", "k"));
    }

    @Test
    void routesEveryKeyOfAMessageAtEveryExchange() {
        Exchange main = declare("main", ExchangeType.DIRECT, "ae");
        Exchange topic = declare("topic", ExchangeType.TOPIC);
        Exchange alternate = declare("ae", ExchangeType.FANOUT);
        alternate.bind(toQueue(alternate, "", "q-ae"));
        main.bind(toQueue(main, "k1", "q1"));
        main.bind(toQueue(main, "k2", "q2"));
        main.bind(toQueue(main, "k3", "q3"));
        main.bind(toExchange(main, "k1", "topic"));
        topic.bind(toQueue(topic, "k2", "q-topic-k2"));

        assertEquals(List.of("q1", "q2", "q-topic-k2"), List.copyOf(route("main", List.of("k1", "k2", "none"), null)));
        assertEquals(set("q-ae"), route("main", List.of("none", "other"), null));
    }

    @Test
    void passesHeadersToHeadersExchanges() {
        Exchange main = declare("main", ExchangeType.FANOUT);
        Exchange headers = declare("headers", ExchangeType.HEADERS);
        main.bind(toExchange(main, "", "headers"));
        headers.bind(new Binding("headers", Destination.queue("q-pdf"), "", Map.of("format", "pdf")));

        assertEquals(set("q-pdf"), route("main", List.of("k"), Map.of("format", "pdf")));
        assertEquals(set(), route("main", List.of("k"), Map.of("format", "zip")));
        assertEquals(set(), route("main", List.of("k"), null));
    }

    @Test
    void routesFromTheDefaultExchangeToTheQueueNamedByEachKey() {
        add(new DefaultExchange());

        assertEquals(List.of("orders", "audit"), List.copyOf(route("", List.of("orders", "audit", "orders"), null)));
    }
}
