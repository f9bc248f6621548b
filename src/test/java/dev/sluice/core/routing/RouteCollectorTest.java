package dev.sluice.core.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** A route's destinations, each once, from one or more trie nodes. */
class RouteCollectorTest {
    private static final Destination A = Destination.queue("a");
    private static final Destination B = Destination.queue("b");
    private static final Destination C = Destination.queue("c");

    @Test
    void nothingCollectedIsTheEmptyRoute() {
        assertEquals(0, new RouteCollector().route().length);
    }

    @Test
    void oneNodesArrayIsTheRouteItself() {
        Destination[] members = {A, B};
        RouteCollector collector = new RouteCollector();
        collector.addAll(members);
        assertSame(members, collector.route());
    }

    @Test
    void repeatsAcrossNodesAreDroppedInFirstCollectedOrder() {
        Destination[] first = {B, A};
        RouteCollector collector = new RouteCollector();
        collector.addAll(first);
        collector.add(A);
        collector.add(C);
        collector.addAll(new Destination[] {C, B});
        assertArrayEquals(new Destination[] {B, A, C}, collector.route());
        assertArrayEquals(new Destination[] {B, A}, first, "a node's array is never written to");
    }

    @Test
    void manyMatchesGoThroughAHashSet() {
        RouteCollector collector = new RouteCollector();
        Destination[] expected = new Destination[40];
        for (int i = 0; i < 40; i++) {
            expected[i] = Destination.queue("q" + i);
            collector.add(expected[i]);
            collector.add(expected[i / 2]);
        }
        assertArrayEquals(expected, collector.route());
    }
}
