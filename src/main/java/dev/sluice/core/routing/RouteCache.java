package dev.sluice.core.routing;

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
 * entries are not removed eagerly: they are the first to be replaced.
 *
 * <p>Layout: a set-associative array, {@value #WAYS} entries per set, a key's set chosen by its
 * hash. A store replaces, in this order of preference, the key's own entry, an empty or stale one,
 * one not read since it was stored, and else (all were read) marks the whole set unread and
 * replaces one of them. So a key that is read again is not pushed out by a stream of keys that are
 * routed once, as long as its set has another entry to give. A store costs one small allocation
 * and no lock, which matters because every cache miss stores: the Caffeine cache used before
 * spent about 0.5 µs per miss on storing and evicting with 100,000 bindings, a third of the miss
 * (see docs/performance.md).
 *
 * <p>Threading: all methods may be called from any thread, without locks. Entries are immutable
 * apart from their read mark and are published by a plain array write: a reader sees either the
 * old or the new entry of a slot, and the final fields of whichever it sees. The parallel array of
 * key hashes is only a filter, checked again against the entry. Two routers storing into one set
 * at once may each replace an entry the other just wrote, and read marks may be lost in races;
 * either costs a later miss, never a wrong route.
 */
final class RouteCache {
    /** Entries per set (a power of two). */
    static final int WAYS = 8;

    private final AtomicLong generation = new AtomicLong();
    /** Null when caching is off. */
    private final Entry[] entries;
    /** The hash of each slot's key, to skip slots without reading their entries. */
    private final int[] hashes;
    private final int setMask;

    /** A cache of at most {@code maximumSize} routing keys (rounded up to whole sets); 0 turns caching off. */
    RouteCache(int maximumSize) {
        if (maximumSize < 0) {
            throw new IllegalArgumentException("route cache size must not be negative: " + maximumSize);
        }
        if (maximumSize == 0) {
            entries = null;
            hashes = null;
            setMask = 0;
            return;
        }
        int sets = 1;
        while (sets * WAYS < maximumSize) {
            sets <<= 1;
        }
        entries = new Entry[sets * WAYS];
        hashes = new int[sets * WAYS];
        setMask = sets - 1;
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
        int hash = routingKey.hashCode();
        int first = firstSlot(hash);
        for (int slot = first; slot < first + WAYS; slot++) {
            if (hashes[slot] != hash) {
                continue;
            }
            Entry entry = entries[slot];
            if (entry != null && entry.generation == currentGeneration && entry.isFor(routingKey, hash)) {
                if (!entry.read) {
                    entry.read = true; // written once per entry, so hot entries' memory stays shared
                }
                return entry.route;
            }
        }
        return null;
    }

    /** Caches a route computed after reading {@code generationRead}. */
    void store(String routingKey, long generationRead, Destination[] route) {
        if (entries == null) {
            return;
        }
        int hash = routingKey.hashCode();
        int first = firstSlot(hash);
        int slot = victim(first, routingKey, hash, generation.get());
        entries[slot] = new Entry(routingKey, hash, generationRead, route);
        hashes[slot] = hash;
    }

    /** Makes every cached route stale; call after each change to the route index. */
    void invalidate() {
        generation.incrementAndGet();
    }

    /** Test hook: the number of entries held, stale ones included. */
    long estimatedSize() {
        if (entries == null) {
            return 0;
        }
        long held = 0;
        for (Entry entry : entries) {
            if (entry != null) {
                held++;
            }
        }
        return held;
    }

    /** The slot of set {@code first} that a store of {@code routingKey} replaces. */
    private int victim(int first, String routingKey, int hash, long currentGeneration) {
        int unread = -1;
        for (int slot = first; slot < first + WAYS; slot++) {
            Entry entry = entries[slot];
            if (entry == null || entry.generation != currentGeneration || entry.isFor(routingKey, hash)) {
                return slot;
            }
            if (unread < 0 && !entry.read) {
                unread = slot;
            }
        }
        if (unread >= 0) {
            return unread;
        }
        for (int slot = first; slot < first + WAYS; slot++) {
            Entry entry = entries[slot];
            if (entry != null) {
                entry.read = false;
            }
        }
        return first + ((hash >>> 8) & (WAYS - 1));
    }

    private int firstSlot(int hash) {
        int mixed = hash * 0x9E3779B9;
        return ((mixed ^ (mixed >>> 16)) & setMask) * WAYS;
    }

    /** One cached route; immutable but for the read mark, which is only a replacement hint. */
    private static final class Entry {
        final String key;
        final int hash;
        final long generation;
        final Destination[] route;
        boolean read;

        Entry(String key, int hash, long generation, Destination[] route) {
            this.key = key;
            this.hash = hash;
            this.generation = generation;
            this.route = route;
        }

        boolean isFor(String routingKey, int routingKeyHash) {
            return hash == routingKeyHash && (key == routingKey || key.equals(routingKey));
        }
    }
}
