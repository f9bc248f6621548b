package dev.sluice.amqp091;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sluice.amqp091.UnackedDeliveries.Unacked;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnackedDeliveriesTest {
    private final UnackedDeliveries unacked = new UnackedDeliveries();

    private void add(long... tags) {
        for (long t : tags) {
            unacked.add(new Unacked(t, null, t * 10, null));
        }
    }

    private static List<Long> tags(List<Unacked> list) {
        return list.stream().map(Unacked::tag).toList();
    }

    @Test
    void singleTakeRemovesOnlyThatTag() {
        add(1, 2, 3);
        assertEquals(List.of(2L), tags(unacked.take(2, false)));
        assertNull(unacked.take(2, false), "a tag is settled once");
        assertEquals(2, unacked.size());
    }

    @Test
    void multipleTakesThePrefixUpToTheTag() {
        add(1, 2, 3, 4);
        unacked.take(2, false);
        assertEquals(List.of(1L, 3L), tags(unacked.take(3, true)));
        assertEquals(List.of(4L), tags(unacked.takeAll()));
    }

    @Test
    void multipleWithTagZeroTakesEverything() {
        add(5, 6);
        assertEquals(List.of(5L, 6L), tags(unacked.take(0, true)));
        assertEquals(List.of(), unacked.take(0, true));
    }

    @Test
    void multipleWithNothingUpToTheTagIsUnknown() {
        add(5);
        assertNull(unacked.take(3, true));
    }

    @Test
    void peekLeavesEverythingInPlaceAndRemoveTakesWhatIsStillThere() {
        add(1, 2, 3);
        List<Unacked> named = unacked.peek(2, true);
        assertEquals(List.of(1L, 2L), tags(named));
        assertEquals(3, unacked.size());
        unacked.take(1, false);
        assertEquals(List.of(2L), tags(unacked.remove(named)));
        assertEquals(List.of(3L), tags(unacked.takeAll()));
    }
}
