package dev.sluice.core.routing;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * A topic exchange with RabbitMQ's matching rules (see {@link TopicTrie} and {@link TopicWords}),
 * its binding keys held in a word trie and its recent routing results in a bounded
 * {@link RouteCache}. Each destination is routed at most once per routing key, however many of
 * its binding keys match.
 *
 * <p>Threading: as {@link Exchange}. A route that hits the cache reads two volatile values and a
 * Caffeine entry; a miss walks the trie without locks and stores its result. Bind and unbind
 * change the trie first and then move the cache's generation on, so no result computed before a
 * finished change is served after it.
 */
public final class TopicExchange extends IndexedExchange {
    /** Routing keys cached per topic exchange unless the constructor says otherwise. */
    public static final int DEFAULT_ROUTE_CACHE_SIZE = 1024;

    private static final Destination[] NO_DESTINATIONS = new Destination[0];

    private final TopicTrie trie = new TopicTrie();
    private final RouteCache cache;

    public TopicExchange(ExchangeDefinition definition) {
        this(definition, DEFAULT_ROUTE_CACHE_SIZE);
    }

    /** A topic exchange that caches the routes of at most {@code routeCacheSize} keys (0: none). */
    public TopicExchange(ExchangeDefinition definition, int routeCacheSize) {
        super(definition);
        this.cache = new RouteCache(routeCacheSize);
    }

    @Override
    public void route(String routingKey, Map<String, Object> headers, Collection<Destination> out) {
        long generation = cache.generation();
        Destination[] route = cache.lookup(routingKey, generation);
        if (route == null) {
            LinkedHashSet<Destination> matched = new LinkedHashSet<>();
            trie.match(routingKey, matched);
            route = matched.isEmpty() ? NO_DESTINATIONS : matched.toArray(NO_DESTINATIONS);
            cache.store(routingKey, generation, route);
        }
        for (Destination destination : route) {
            out.add(destination);
        }
    }

    @Override
    protected void addToIndex(Binding binding) {
        trie.add(binding.routingKey(), binding.destination());
        cache.invalidate();
    }

    @Override
    protected void removeFromIndex(Binding binding) {
        trie.remove(binding.routingKey(), binding.destination());
        cache.invalidate();
    }

    /** Diagnostics and tests: trie nodes in use, the root included. */
    int trieNodeCount() {
        return trie.nodeCount();
    }

    /** Diagnostics and tests: routes held by the cache, stale ones included. */
    long cachedRouteCount() {
        return cache.estimatedSize();
    }
}
