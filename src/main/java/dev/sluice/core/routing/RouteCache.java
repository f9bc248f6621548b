package dev.sluice.core.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Arrays;
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
 * <p>Admission: a route is stored on its key's second miss, not its first ({@link #admit}). A
 * small Bloom filter (the doorkeeper: two bits per key, cleared after as many keys as it has room
 * for) remembers keys that missed once; a stream of keys each routed once (unique ids in routing
 * keys) then costs almost no cache writes and does not push the keys that repeat out of the
 * cache. A key that repeats is cached from its second route (or its first, on a false positive).
 *
 * <p>Threading: all methods may be called from any thread; {@link #lookup} is lock-free (a
 * Caffeine read); {@link #store} is a Caffeine write (a concurrent-map insert, fine-grained);
 * {@link #admit} updates the doorkeeper's bits and key count without locks, and a lost update
 * only admits a key one route later or clears the filter a little late.
 * Caffeine's upkeep (eviction, draining its buffers) runs on the calling thread in small amortized
 * steps, not on the common ForkJoinPool.
 */
final class RouteCache {
    private final AtomicLong generation = new AtomicLong();
    /** Null when caching is off. */
    private final Cache<String, Entry> entries;
    /** The doorkeeper's bits; benign races (a lost bit costs one more miss). */
    private final long[] seenOnce;
    /** Keys the doorkeeper takes before it is cleared. */
    private final int doorkeeperCapacity;
    private int doorkeeperKeys;

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
        doorkeeperCapacity = Math.max(64, maximumSize);
        // 16 bits per key, so at capacity about 1.4% of new keys pass as seen (two bits per key)
        seenOnce = new long[maximumSize == 0 ? 0 : Integer.highestOneBit(doorkeeperCapacity * 16 - 1) >>> 5];
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

    /** Caches a route computed after reading {@code generationRead}, without admission (tests). */
    void store(String routingKey, long generationRead, Destination[] route) {
        if (entries != null) {
            entries.put(routingKey, new Entry(generationRead, route));
        }
    }

    /**
     * Caches a route computed after reading {@code generationRead} if its key missed before
     * (still remembered by the doorkeeper); otherwise only remembers the key.
     */
    void admit(String routingKey, long generationRead, Destination[] route) {
        if (entries == null) {
            return;
        }
        int hash = routingKey.hashCode() * 0x9E3779B9;
        int mask = (seenOnce.length << 6) - 1;
        int first = hash & mask;
        int second = (hash >>> 16 | hash << 16) * 0x85EBCA6B & mask;
        if (isSet(first) && isSet(second)) {
            entries.put(routingKey, new Entry(generationRead, route));
            return;
        }
        if (++doorkeeperKeys > doorkeeperCapacity) {
            Arrays.fill(seenOnce, 0L);
            doorkeeperKeys = 0;
        }
        seenOnce[first >>> 6] |= 1L << first;
        seenOnce[second >>> 6] |= 1L << second;
    }

    private boolean isSet(int bit) {
        return (seenOnce[bit >>> 6] & (1L << bit)) != 0;
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
