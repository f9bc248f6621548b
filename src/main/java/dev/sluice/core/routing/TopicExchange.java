package dev.sluice.core.routing;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A topic exchange with RabbitMQ's matching rules (see {@link TopicTrie} and {@link TopicWords}),
 * its binding keys held in a word trie and its recent routing results in a bounded
 * {@link RouteCache}. Each destination is routed at most once per routing key, however many of
 * its binding keys match.
 *
 * <p>Threading: as {@link Exchange}. A route that hits the cache reads the cache's generation and
 * one of its entries; a miss matches the key against the trie without locks, concurrently with a bind
 * or unbind (see {@link TopicTrie}), and stores its result. Bind and unbind run under the virtual
 * host's definitions lock; they change the trie first and then move the cache's generation on, so
 * no result computed before a finished change is served after it, and a route that starts after a
 * change has finished sees all of it (it reads the generation first).
 */
public final class TopicExchange extends IndexedExchange {
    /** Routing keys cached per topic exchange unless the constructor says otherwise. */
    public static final int DEFAULT_ROUTE_CACHE_SIZE = 1024;

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
            route = trie.match(routingKey);
            cache.admit(routingKey, generation, route);
        }
        for (Destination destination : route) {
            out.add(destination);
        }
    }

    /**
     * The given destinations, each once (by {@code equals}), in the order first given. The trie's
     * matches are deduplicated by reference ({@link RouteCollector}); routes with many matches
     * come here.
     */
    static Destination[] distinct(List<Destination> matched) {
        LinkedHashSet<Destination> once = new LinkedHashSet<>(matched);
        return once.toArray(new Destination[once.size()]);
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

    /** Diagnostics and tests: the trie as the writer sees it (call with no bind or unbind running). */
    TopicTrie trie() {
        return trie;
    }

    /** Diagnostics and tests: routes held by the cache, stale ones included. */
    long cachedRouteCount() {
        return cache.estimatedSize();
    }
}
