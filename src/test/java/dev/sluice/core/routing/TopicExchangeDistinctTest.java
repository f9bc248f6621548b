package dev.sluice.core.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The deduplication of a topic route's matches, on both sides of the linear-scan limit. */
class TopicExchangeDistinctTest {

    @Test
    void noMatchesGiveAnEmptyRoute() {
        assertEquals(0, TopicExchange.distinct(List.of()).length);
    }

    @Test
    void aFewMatchesKeepEachDestinationOnceInFirstMatchedOrder() {
        List<Destination> matched = List.of(Destination.queue("b"), Destination.queue("a"),
                Destination.queue("b"), Destination.exchange("a"), Destination.queue("a"));
        assertArrayEquals(new Destination[] {Destination.queue("b"), Destination.queue("a"),
                Destination.exchange("a")}, TopicExchange.distinct(matched));
    }

    @Test
    void manyMatchesKeepEachDestinationOnceInFirstMatchedOrder() {
        List<Destination> matched = new ArrayList<>();
        List<Destination> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Destination queue = Destination.queue("q" + i);
            expected.add(queue);
            matched.add(queue);
            matched.add(Destination.queue("q" + (i / 2))); // an equal, distinct instance
        }
        assertArrayEquals(expected.toArray(new Destination[0]), TopicExchange.distinct(matched));
    }
}
