package dev.sluice.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A destination set through none, one and several destinations, with binding counts. */
class DestinationSetTest {
    private static final Destination A = Destination.queue("a");
    private static final Destination B = Destination.queue("b");
    private static final Destination C = Destination.exchange("c");

    private final DestinationSet set = new DestinationSet();

    private List<Destination> members() {
        List<Destination> out = new ArrayList<>();
        set.addTo(out);
        RouteCollector collector = new RouteCollector();
        set.readInto(collector);
        assertEquals(out, List.of(collector.route()), "both read paths agree");
        return out;
    }

    @Test
    void movesBetweenNoneOneAndSeveralInBindOrder() {
        assertTrue(set.isEmpty());
        assertEquals(List.of(), members());
        set.add(A);
        assertEquals(List.of(A), members());
        set.add(B);
        set.add(C);
        assertEquals(List.of(A, B, C), members());
        assertTrue(set.remove(B));
        assertEquals(List.of(A, C), members());
        assertTrue(set.remove(A));
        assertEquals(List.of(C), members());
        assertTrue(set.remove(C));
        assertTrue(set.isEmpty());
        assertEquals(List.of(), members());
        assertFalse(set.remove(C));
    }

    @Test
    void aDestinationStaysUntilItsLastBindingGoes() {
        set.add(A);
        set.add(Destination.queue("a")); // a second binding to an equal destination
        set.add(B);
        assertTrue(set.remove(A));
        assertEquals(List.of(A, B), members());
        assertTrue(set.remove(A));
        assertEquals(List.of(B), members());
    }
}
