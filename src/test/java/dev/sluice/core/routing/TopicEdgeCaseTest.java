package dev.sluice.core.routing;

import static dev.sluice.core.routing.RoutingFixtures.definition;
import static dev.sluice.core.routing.RoutingFixtures.queues;
import static dev.sluice.core.routing.RoutingFixtures.toQueue;
import static dev.sluice.core.routing.RoutingFixtures.topicMatches;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Topic matching at the edges: empty words, runs of '#', unknown words, look-alike words. */
class TopicEdgeCaseTest {
    private static final List<String> BINDING_KEYS = List.of(
            "", "#", "*", ".", "*.*", "#.#", "#.#.#", "#.*", "*.#", "#.*.#", "*.#.*", "#.#.a", "a.#.#",
            "#.a", "a.#", "#.a.#", "a.*.#", "#..#", ".#", "#.", "..", "a..", "..a", "a.", ".a", "a..b",
            "a.#.b", "a.#.#.b", "#.a.#.b.#", "*..*", "#.*.*.#", "a");
    private static final List<String> ROUTING_KEYS = List.of(
            "", ".", "..", "...", "a", "a.", ".a", "a..", "..a", "a.b", "a..b", "a.x.b", "a.b.a", "x",
            "x.a", "a.x", "x.y.z", "a.a.a.a", "b.a.b", "#", "*", "a.#", "*.a", "zz.top", "a.zz.b");

    /** Every binding key above against every routing key above, all bound at once, against the naive matcher. */
    @Test
    void everyEdgeCaseAgreesWithTheNaiveMatcher() {
        TopicExchange exchange = new TopicExchange(definition("t", ExchangeType.TOPIC));
        for (int i = 0; i < BINDING_KEYS.size(); i++) {
            exchange.bind(toQueue(exchange, BINDING_KEYS.get(i), "q" + i));
        }
        for (String routingKey : ROUTING_KEYS) {
            assertRoutedAsTheNaiveMatcherSays(exchange, BINDING_KEYS, routingKey);
        }
    }

    /** Binding key i leads to queue "q" + i; the queues routed to must be those whose keys match, each once. */
    private static void assertRoutedAsTheNaiveMatcherSays(Exchange exchange, List<String> bindingKeys, String routingKey) {
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < bindingKeys.size(); i++) {
            if (topicMatches(bindingKeys.get(i), routingKey)) {
                expected.add("q" + i);
            }
        }
        assertEquals(expected, routedOnce(exchange, routingKey), () -> "routing key '" + routingKey + "'");
    }

    /** The queues routed to, checking that none comes twice. */
    private static Set<String> routedOnce(Exchange exchange, String key) {
        List<String> routed = queues(exchange, key);
        Set<String> once = new HashSet<>(routed);
        assertEquals(once.size(), routed.size(), () -> "duplicates for '" + key + "': " + routed);
        return once;
    }

    @Test
    void wordsNoBindingUsesMatchOnlyWildcards() {
        TopicExchange exchange = new TopicExchange(definition("t", ExchangeType.TOPIC));
        exchange.bind(toQueue(exchange, "a.b", "literal"));
        exchange.bind(toQueue(exchange, "*.b", "star"));
        exchange.bind(toQueue(exchange, "#.b", "hash"));

        assertEquals(Set.of("star", "hash"), routedOnce(exchange, "never-bound.b"));
        assertEquals(Set.of("hash"), routedOnce(exchange, "x.y.b"));
        assertEquals(Set.of(), routedOnce(exchange, "a.never-bound"));
        // '*' and '#' in a routing key are plain words, never wildcards
        assertEquals(Set.of("star", "hash"), routedOnce(exchange, "*.b"));
        assertEquals(Set.of(), routedOnce(exchange, "a.*"));
    }

    /** "Aa" and "BB" have the same String hash; the word table must still tell them apart. */
    @Test
    void wordsWithTheSameHashAreDifferentWords() {
        assertEquals("Aa".hashCode(), "BB".hashCode());
        TopicExchange exchange = new TopicExchange(definition("t", ExchangeType.TOPIC));
        exchange.bind(toQueue(exchange, "x.Aa", "aa"));
        assertEquals(List.of(), queues(exchange, "x.BB"));
        exchange.bind(toQueue(exchange, "x.BB", "bb"));
        assertEquals(List.of("aa"), queues(exchange, "x.Aa"));
        assertEquals(List.of("bb"), queues(exchange, "x.BB"));
    }

    @Test
    void wordsOutsideLatin1AreMatchedWhole() {
        TopicExchange exchange = new TopicExchange(definition("t", ExchangeType.TOPIC));
        exchange.bind(toQueue(exchange, "größe.\u6771\u4eac.*", "q"));
        assertEquals(List.of("q"), queues(exchange, "größe.\u6771\u4eac.x"));
        assertEquals(List.of(), queues(exchange, "große.\u6771\u4eac.x"));
        assertEquals(List.of(), queues(exchange, "größe.\u6771.x"));
    }

    /** Many non-adjacent '#' and a long key: backtracking would try a vast number of splits. */
    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void manyHashesAndALongKeyMatchWithoutBlowingUp() {
        TopicExchange exchange = new TopicExchange(definition("t", ExchangeType.TOPIC), 0);
        exchange.bind(toQueue(exchange, "#.a.#.a.#.a.#.a.#.a.#.a.#.a.#.a.#.b", "needs-b"));
        exchange.bind(toQueue(exchange, "#.a.#.a.#.a.#.a.#.a.#.a.#.a.#.a.#", "eight-a"));
        StringBuilder key = new StringBuilder("a");
        for (int i = 1; i < 400; i++) {
            key.append(".a");
        }
        for (int round = 0; round < 20; round++) {
            assertEquals(List.of("eight-a"), queues(exchange, key.toString()));
        }
        assertEquals(Set.of("needs-b", "eight-a"), routedOnce(exchange, key + ".b"));
        assertEquals(List.of(), queues(exchange, "a.a.a.a.a.a.a"));
    }

    @Test
    void aLongRandomMixAgreesWithTheNaiveMatcher() {
        TopicExchange exchange = new TopicExchange(definition("t", ExchangeType.TOPIC), 0);
        List<String> bindingKeys = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        String[] words = {"a", "b", "", "*", "#", "#", "c"};
        for (int i = 0; i < 200; i++) {
            StringBuilder key = new StringBuilder();
            int count = 1 + random.nextInt(7);
            for (int w = 0; w < count; w++) {
                key.append(w == 0 ? "" : ".").append(words[random.nextInt(words.length)]);
            }
            bindingKeys.add(key.toString());
            exchange.bind(toQueue(exchange, key.toString(), "q" + i));
        }
        String[] keyWords = {"a", "b", "", "c", "d"};
        for (int round = 0; round < 1000; round++) {
            StringBuilder key = new StringBuilder();
            int count = random.nextInt(10);
            for (int w = 0; w < count; w++) {
                key.append(w == 0 ? "" : ".").append(keyWords[random.nextInt(keyWords.length)]);
            }
            assertRoutedAsTheNaiveMatcherSays(exchange, bindingKeys, key.toString());
        }
    }
}
