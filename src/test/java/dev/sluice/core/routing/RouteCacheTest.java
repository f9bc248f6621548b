package dev.sluice.core.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
}
