package dev.sluice.core.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RouteCacheTest {
    private static final Destination[] OLD_ROUTE = {Destination.queue("old")};
    private static final Destination[] NEW_ROUTE = {Destination.queue("new")};

    @Test
    void servesARouteStoredUnderTheCurrentGeneration() {
        RouteCache cache = new RouteCache(16);
        long generation = cache.generation();
        cache.store("k", generation, NEW_ROUTE);
        assertArrayEquals(NEW_ROUTE, cache.lookup("k", cache.generation()));
    }

    /** The race the generation guards against: a router stores its result after a change finished. */
    @Test
    void neverServesARouteComputedBeforeAnInvalidationEvenWhenStoredAfterIt() {
        RouteCache cache = new RouteCache(16);
        long readBeforeComputing = cache.generation();
        cache.invalidate(); // a writer changed the index while the router was computing
        cache.store("k", readBeforeComputing, OLD_ROUTE);

        assertNull(cache.lookup("k", cache.generation()));
        cache.store("k", cache.generation(), NEW_ROUTE);
        assertArrayEquals(NEW_ROUTE, cache.lookup("k", cache.generation()));
    }

    @Test
    void sizeZeroCachesNothingAndANegativeSizeIsRefused() {
        RouteCache off = new RouteCache(0);
        off.store("k", off.generation(), NEW_ROUTE);
        assertNull(off.lookup("k", off.generation()));
        assertThrows(IllegalArgumentException.class, () -> new RouteCache(-1));
    }

    @Test
    void aRouteIsAdmittedOnItsKeysSecondMissNotItsFirst() {
        RouteCache cache = new RouteCache(100);
        cache.admit("k", cache.generation(), NEW_ROUTE);
        assertNull(cache.lookup("k", cache.generation()), "a key seen once is only remembered");
        cache.admit("k", cache.generation(), NEW_ROUTE);
        assertArrayEquals(NEW_ROUTE, cache.lookup("k", cache.generation()));
    }

    @Test
    void keysRoutedOnceAreMostlyNotStored() {
        RouteCache cache = new RouteCache(100_000);
        for (int i = 0; i < 10_000; i++) {
            cache.admit("once-" + i, cache.generation(), OLD_ROUTE);
        }
        assertTrue(cache.estimatedSize() < 500, "stored " + cache.estimatedSize() + " of 10,000 keys seen once");
    }

    @Test
    void keysThatRepeatAmongManySeenOnceAreCached() {
        RouteCache cache = new RouteCache(1024);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 256; i++) {
                cache.admit("hot-" + i, cache.generation(), NEW_ROUTE);
            }
            for (int i = 0; i < 50; i++) {
                cache.admit("once-" + round + "-" + i, cache.generation(), OLD_ROUTE);
            }
        }
        for (int i = 0; i < 256; i++) {
            assertArrayEquals(NEW_ROUTE, cache.lookup("hot-" + i, cache.generation()), "hot-" + i);
        }
    }

    @Test
    void anAdmittedRouteStillObeysTheGeneration() {
        RouteCache cache = new RouteCache(100);
        long before = cache.generation();
        cache.admit("k", before, OLD_ROUTE);
        cache.invalidate();
        cache.admit("k", before, OLD_ROUTE);
        assertNull(cache.lookup("k", cache.generation()), "computed before the change");
    }
}
