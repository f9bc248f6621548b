package dev.sluice.core.routing;

import static dev.sluice.core.routing.RoutingFixtures.definition;
import static dev.sluice.core.routing.RoutingFixtures.queues;
import static dev.sluice.core.routing.RoutingFixtures.toQueue;
import static dev.sluice.core.routing.RoutingFixtures.topicMatches;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicExchangeTest {
    private final TopicExchange exchange = new TopicExchange(definition("t", ExchangeType.TOPIC));

    /** Binds {@code bindingKey} alone to queue "q" and says whether each key reaches it. */
    private static void assertMatching(String bindingKey, List<String> matching, List<String> notMatching) {
        TopicExchange alone = new TopicExchange(definition("t", ExchangeType.TOPIC));
        alone.bind(toQueue(alone, bindingKey, "q"));
        for (String key : matching) {
            assertEquals(List.of("q"), queues(alone, key), () -> "'" + bindingKey + "' should match '" + key + "'");
        }
        for (String key : notMatching) {
            assertEquals(List.of(), queues(alone, key), () -> "'" + bindingKey + "' should not match '" + key + "'");
        }
    }

    @Test
    void aLiteralKeyMatchesOnlyItself() {
        assertMatching("a.b", List.of("a.b"), List.of("a", "a.b.c", "b.a", "a.bb", "", "a.*"));
    }

    @Test
    void starMatchesExactlyOneWord() {
        assertMatching("a.*", List.of("a.b", "a.", "a.*", "a.#"), List.of("a", "a.b.c", "b.a", ""));
        assertMatching("*.b.*", List.of("a.b.c", ".b."), List.of("b", "a.b", "a.b.c.d"));
    }

    @Test
    void hashAtTheStartMatchesZeroOrMoreLeadingWords() {
        assertMatching("#.c", List.of("c", "a.c", "a.b.c", ".c"), List.of("c.a", "", "a.cc"));
    }

    @Test
    void hashInTheMiddleMatchesZeroOrMoreWords() {
        assertMatching("a.#.b", List.of("a.b", "a.x.b", "a.x.y.b", "a.b.b", "a..b"), List.of("a", "b", "a.b.c", "x.a.b"));
    }

    @Test
    void hashAtTheEndMatchesZeroOrMoreTrailingWords() {
        assertMatching("a.#", List.of("a", "a.b", "a.b.c", "a."), List.of("b.a", "ab", ""));
    }

    @Test
    void hashAloneAndRepeatedHashesMatchEveryKeyIncludingTheEmptyOne() {
        List<String> all = List.of("", "a", "a.b", "a..b", ".", "#", "*");
        assertMatching("#", all, List.of());
        assertMatching("#.#", all, List.of());
        assertMatching("#.#.#", all, List.of());
    }

    @Test
    void hashesAroundAWordFindItAnywhere() {
        assertMatching("#.a.#", List.of("a", "x.a", "a.x", "x.a.y", "a.a"), List.of("", "x.y", "aa"));
        assertMatching("a.#.#.b", List.of("a.b", "a.x.b", "a.x.y.z.b"), List.of("a", "b.a"));
    }

    @Test
    void starAndHashTogetherNeedAtLeastOneWord() {
        assertMatching("*.#", List.of("a", "a.b", "."), List.of(""));
        assertMatching("#.*", List.of("a", "a.b", "."), List.of(""));
        assertMatching("#.*.#", List.of("a", "a.b.c"), List.of(""));
    }

    @Test
    void emptyWordsAreWords() {
        assertMatching("a..b", List.of("a..b"), List.of("a.b", "a...b"));
        assertMatching("a.*.b", List.of("a..b", "a.x.b"), List.of("a.b"));
        assertMatching("*.*", List.of(".", "a.", ".a", "a.b"), List.of("", "a", "a.b.c"));
        assertMatching("a.", List.of("a."), List.of("a", "a.b"));
    }

    /** RabbitMQ splits the empty key into no words at all: "*" needs one word, "" and "#" need none. */
    @Test
    void theEmptyKeyHasNoWords() {
        assertMatching("", List.of(""), List.of(".", "a", "*"));
        assertMatching("*", List.of("a", "*", "#"), List.of("", ".", "a.b"));
    }

    @Test
    void eachDestinationIsRoutedOnceEvenWhenSeveralKeysMatch() {
        for (String key : List.of("a.*", "*.b", "#", "a.b", "a.#", "#.b", "#.#")) {
            exchange.bind(toQueue(exchange, key, "q"));
        }
        exchange.bind(toQueue(exchange, "a.b", "other"));

        assertEquals(List.of("q", "other"), queues(exchange, "a.b"));
        assertEquals(List.of("q", "other"), queues(exchange, "a.b")); // served from the cache
        assertEquals(List.of("q"), queues(exchange, "a.c"));
    }

    @Test
    void unbindTakesEffectOnTheNextRouteDespiteTheCache() {
        Binding star = toQueue(exchange, "a.*", "q1");
        exchange.bind(star);
        assertEquals(List.of("q1"), queues(exchange, "a.b"));
        assertEquals(List.of("q1"), queues(exchange, "a.b"));

        exchange.unbind(star);
        assertEquals(List.of(), queues(exchange, "a.b"));

        exchange.bind(toQueue(exchange, "#.b", "q2"));
        assertEquals(List.of("q2"), queues(exchange, "a.b"));

        exchange.unbindAll(Destination.queue("q2"));
        assertEquals(List.of(), queues(exchange, "a.b"));
    }

    @Test
    void unbindRemovesEmptyTrieNodesAndKeepsSharedOnes() {
        assertEquals(1, exchange.trieNodeCount());
        Binding deep = toQueue(exchange, "a.b.c.d", "q1");
        Binding shared = toQueue(exchange, "a.b", "q2");
        Binding wild = toQueue(exchange, "a.*.#", "q3");
        exchange.bind(deep);
        exchange.bind(shared);
        exchange.bind(wild);
        assertEquals(7, exchange.trieNodeCount()); // root, a, a.b, a.b.c, a.b.c.d, a.*, a.*.#

        exchange.unbind(deep);
        assertEquals(5, exchange.trieNodeCount());
        assertEquals(List.of("q2", "q3"), queues(exchange, "a.b"));
        exchange.unbind(wild);
        assertEquals(3, exchange.trieNodeCount());
        exchange.unbind(shared);
        assertEquals(1, exchange.trieNodeCount());
        assertEquals(List.of(), queues(exchange, "a.b"));
    }

    @Test
    void twoBindingKeysWithTheSameTriePathAreKeptApart() {
        Binding single = toQueue(exchange, "a.#", "q");
        Binding doubled = toQueue(exchange, "a.#.#", "q");
        exchange.bind(single);
        exchange.bind(doubled);

        exchange.unbind(single);
        assertEquals(List.of("q"), queues(exchange, "a.b"));
        exchange.unbind(doubled);
        assertEquals(List.of(), queues(exchange, "a.b"));
        assertEquals(1, exchange.trieNodeCount());
    }

    @Test
    void routesTheSameWithoutACache() {
        TopicExchange uncached = new TopicExchange(definition("t", ExchangeType.TOPIC), 0);
        uncached.bind(toQueue(uncached, "a.*", "q"));
        assertEquals(List.of("q"), queues(uncached, "a.b"));
        uncached.unbind(toQueue(uncached, "a.*", "q"));
        assertEquals(List.of(), queues(uncached, "a.b"));
        assertEquals(0, uncached.cachedRouteCount());
    }

    /** Random binding keys and routing keys over a small alphabet, checked against a naive matcher. */
    @Test
    void agreesWithANaiveMatcherOnRandomKeys() {
        Random random = new Random(20240611L);
        String[] patternWords = {"a", "b", "", "*", "#"};
        String[] keyWords = {"a", "b", "", "*", "#", "c"};
        List<String> bindingKeys = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String bindingKey = randomKey(random, patternWords, 5);
            bindingKeys.add(bindingKey);
            exchange.bind(toQueue(exchange, bindingKey, "q" + i));
        }
        for (int round = 0; round < 2000; round++) {
            String routingKey = randomKey(random, keyWords, 6);
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < bindingKeys.size(); i++) {
                if (topicMatches(bindingKeys.get(i), routingKey)) {
                    expected.add("q" + i);
                }
            }
            List<String> routed = queues(exchange, routingKey);
            assertEquals(expected.size(), routed.size(), () -> "duplicates for '" + routingKey + "': " + routed);
            assertEquals(expected, new HashSet<>(routed), () -> "routing key '" + routingKey + "'");
        }
    }

    private static String randomKey(Random random, String[] words, int maxWords) {
        int count = random.nextInt(maxWords + 1);
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                key.append('.');
            }
            key.append(words[random.nextInt(words.length)]);
        }
        return key.toString();
    }
}
