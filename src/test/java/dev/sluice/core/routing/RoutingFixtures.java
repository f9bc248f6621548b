package dev.sluice.core.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small helpers shared by the routing tests. Stateless. */
final class RoutingFixtures {
    private RoutingFixtures() {
    }

    static ExchangeDefinition definition(String name, ExchangeType type) {
        return ExchangeDefinition.of(name, type);
    }

    static ExchangeDefinition withAlternate(String name, ExchangeType type, String alternate) {
        return new ExchangeDefinition(name, type, true, false, false, Map.of("alternate-exchange", alternate));
    }

    static Binding toQueue(Exchange source, String key, String queue) {
        return new Binding(source.name(), Destination.queue(queue), key);
    }

    static Binding toExchange(Exchange source, String key, String exchange) {
        return new Binding(source.name(), Destination.exchange(exchange), key);
    }

    /** The queue names an exchange's own bindings select, in the order the exchange gives them. */
    static List<String> queues(Exchange exchange, String key, Map<String, Object> headers) {
        List<Destination> out = new ArrayList<>();
        exchange.route(key, headers, out);
        List<String> names = new ArrayList<>();
        for (Destination destination : out) {
            names.add(destination.name());
        }
        return names;
    }

    static List<String> queues(Exchange exchange, String key) {
        return queues(exchange, key, Map.of());
    }

    static Set<String> set(String... names) {
        return new LinkedHashSet<>(Arrays.asList(names));
    }

    /**
     * An independent, naive reference of RabbitMQ topic matching, for comparing against the trie:
     * the empty key has no words, other keys keep their empty words.
     */
    static boolean topicMatches(String bindingKey, String routingKey) {
        return topicMatches(words(bindingKey), 0, words(routingKey), 0);
    }

    private static String[] words(String key) {
        return key.isEmpty() ? new String[0] : key.split("\\.", -1);
    }

    private static boolean topicMatches(String[] pattern, int p, String[] words, int w) {
        if (p == pattern.length) {
            return w == words.length;
        }
        if (pattern[p].equals("#")) {
            for (int rest = w; rest <= words.length; rest++) {
                if (topicMatches(pattern, p + 1, words, rest)) {
                    return true;
                }
            }
            return false;
        }
        if (w == words.length) {
            return false;
        }
        return (pattern[p].equals("*") || pattern[p].equals(words[w])) && topicMatches(pattern, p + 1, words, w + 1);
    }
}
