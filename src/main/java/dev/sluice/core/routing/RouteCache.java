package dev.sluice.core.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded cache of routing results (routing key to the distinct destinations it reaches) for an
 * exchange whose matching is costly, made safe against concurrent binding changes by a
 * generation number.
 *
 * <p>Protocol: a router reads {@link #generation()} <em>before</em> it reads the route index, and
 * stores its result under that generation; a writer changes the index <em>first</em> and then
 * calls {@link #invalidate()}, which moves the generation on. A result computed from an index that
 * a finished change has since altered therefore carries an older generation than the current one,
 * and {@link #lookup} never serves it, even when it was stored after the change finished. Stale
 * entries are not removed eagerly: they are replaced on their next miss or evicted by size.
 *
 * <p>Threading: all methods may be called from any thread; {@link #lookup} is lock-free (a
 * Caffeine read); {@link #store} is a Caffeine write (a concurrent-map insert, fine-grained).
 * Caffeine's upkeep (eviction, draining its buffers) runs on the calling thread in small amortized
 * steps, not on the common ForkJoinPool.
 */
final class RouteCache {
    private final AtomicLong generation = new AtomicLong();
    /** Null when caching is off. */
    private final Cache<String, Entry> entries;

    /** A cache of at most {@code maximumSize} routing keys; 0 turns caching off. */
    RouteCache(int maximumSize) {
        if (maximumSize < 0) {
            throw new IllegalArgumentException("route cache size must not be negative: " + maximumSize);
        }
        // Same-thread upkeep: Caffeine's default hands it to the common ForkJoinPool, which for a
        // cache written on every miss costs a thread wake-up per batch and contends with the
        // routers; misses measured about 2.7x slower that way (see docs/performance.md).
        entries = maximumSize == 0 ? null
                : Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
    }

    /** The current generation; read it before reading the route index. */
    long generation() {
        return generation.get();
    }

    /** The cached route for {@code routingKey} computed under {@code currentGeneration}, or null. */
    Destination[] lookup(String routingKey, long currentGeneration) {
        if (entries == null) {
            return null;
        }
        Entry entry = entries.getIfPresent(routingKey);
        return entry != null && entry.generation == currentGeneration ? entry.route : null;
    }

    /** Caches a route computed after reading {@code generationRead}. */
    void store(String routingKey, long generationRead, Destination[] route) {
        if (entries != null) {
            entries.put(routingKey, new Entry(generationRead, route));
        }
    }

    /** Makes every cached route stale; call after each change to the route index. */
    void invalidate() {
        generation.incrementAndGet();
    }

    /** Test hook: the number of entries held, stale ones included (approximate, as Caffeine's). */
    long estimatedSize() {
        return entries == null ? 0 : entries.estimatedSize();
    }

    private static final class Entry {
        final long generation;
        final Destination[] route;

        Entry(long generation, Destination[] route) {
            this.generation = generation;
            this.route = route;
        }
    }
}
