package dev.sluice.core.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which entry a store replaces in the set-associative route cache. */
class RouteCacheReplacementTest {
    private static final Destination[] ROUTE = {Destination.queue("q")};
    private static final Destination[] OTHER = {Destination.queue("other")};

    @Test
    void storingAKeyAgainReplacesItsOwnEntry() {
        RouteCache cache = new RouteCache(RouteCache.WAYS); // one set
        long generation = cache.generation();
        cache.store("k", generation, ROUTE);
        cache.store("k", generation, OTHER);
        assertEquals(1, cache.estimatedSize());
        assertArrayEquals(OTHER, cache.lookup("k", generation));
    }

    @Test
    void anEqualKeyThatIsAnotherStringInstanceIsFound() {
        RouteCache cache = new RouteCache(16);
        cache.store("a.b", cache.generation(), ROUTE);
        String sameText = new String("a.b".toCharArray());
        assertArrayEquals(ROUTE, cache.lookup(sameText, cache.generation()));
    }

    /** A key that was read again keeps its place while keys routed only once come and go. */
    @Test
    void aKeyReadAgainOutlivesAStreamOfKeysRoutedOnce() {
        RouteCache cache = new RouteCache(RouteCache.WAYS); // one set
        long generation = cache.generation();
        cache.store("hot", generation, ROUTE);
        assertArrayEquals(ROUTE, cache.lookup("hot", generation));
        for (int i = 0; i < 100; i++) {
            cache.store("once" + i, generation, OTHER);
            assertArrayEquals(ROUTE, cache.lookup("hot", generation), () -> "hot entry lost");
        }
        assertEquals(RouteCache.WAYS, cache.estimatedSize());
    }

    @Test
    void staleEntriesAreReplacedBeforeUnreadFreshOnes() {
        RouteCache cache = new RouteCache(RouteCache.WAYS); // one set
        long old = cache.generation();
        for (int i = 1; i <= RouteCache.WAYS; i++) {
            cache.store("s" + i, old, OTHER);
        }
        cache.invalidate();
        long current = cache.generation();
        for (int i = 1; i <= RouteCache.WAYS; i++) {
            cache.store("f" + i, current, ROUTE); // each replaces a stale entry, never a fresh one
        }
        for (int i = 1; i <= RouteCache.WAYS; i++) {
            assertArrayEquals(ROUTE, cache.lookup("f" + i, current), "f" + i);
        }
        assertNull(cache.lookup("s1", current));
    }

    @Test
    void theCacheNeverHoldsMoreThanItsRoundedUpSize() {
        RouteCache cache = new RouteCache(3 * RouteCache.WAYS + 1); // rounded up to 4 sets
        for (int i = 0; i < 1000; i++) {
            cache.store("k" + i, cache.generation(), ROUTE);
        }
        assertTrue(cache.estimatedSize() <= 4 * RouteCache.WAYS, () -> cache.estimatedSize() + " entries");
        assertTrue(cache.estimatedSize() >= 3 * RouteCache.WAYS + 1, () -> cache.estimatedSize() + " entries");
    }
}
