package dev.sluice.core.routing;

import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>Threading: as {@link Exchange}. A route that hits the cache reads two volatile values and a
 * Caffeine entry; a miss walks the trie without locks and stores its result. Bind and unbind
 * change the trie first and then move the cache's generation on, so no result computed before a
 * finished change is served after it.
 */
public final class TopicExchange extends IndexedExchange {
    /** Routing keys cached per topic exchange unless the constructor says otherwise. */
    public static final int DEFAULT_ROUTE_CACHE_SIZE = 1024;

    private static final Destination[] NO_DESTINATIONS = new Destination[0];
    /** Up to this many matches are deduplicated by a linear scan, more through a hash set. */
    private static final int LINEAR_DEDUP_LIMIT = 16;

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
            ArrayList<Destination> matched = new ArrayList<>();
            trie.match(routingKey, matched);
            route = distinct(matched);
            cache.store(routingKey, generation, route);
        }
        for (Destination destination : route) {
            out.add(destination);
        }
    }

    /**
     * The matched destinations, each once, in the order first matched. Most routes match a few
     * bindings, and comparing a handful of destinations costs less than building a hash set.
     */
    static Destination[] distinct(List<Destination> matched) {
        int count = matched.size();
        if (count == 0) {
            return NO_DESTINATIONS;
        }
        if (count > LINEAR_DEDUP_LIMIT) {
            LinkedHashSet<Destination> once = new LinkedHashSet<>(matched);
            return once.toArray(new Destination[once.size()]);
        }
        Destination[] once = new Destination[count];
        int kept = 0;
        for (int i = 0; i < count; i++) {
            Destination candidate = matched.get(i);
            if (!contains(once, kept, candidate)) {
                once[kept++] = candidate;
            }
        }
        return kept == count ? once : Arrays.copyOf(once, kept);
    }

    private static boolean contains(Destination[] array, int length, Destination destination) {
        for (int i = 0; i < length; i++) {
            if (array[i].equals(destination)) {
                return true;
            }
        }
        return false;
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
