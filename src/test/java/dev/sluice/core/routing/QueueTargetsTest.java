package dev.sluice.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each queue name once, in the order first reached, below and beyond the linear-scan limit. */
class QueueTargetsTest {
    @Test
    void keepsTheFirstOccurrenceOfEachNameInOrder() {
        QueueTargets targets = new QueueTargets();
        assertTrue(targets.add("b"));
        assertTrue(targets.add("a"));
        assertFalse(targets.add(new String("b")), "equal names are one queue");
        assertEquals(List.of("b", "a"), new ArrayList<>(targets));
        assertEquals("a", targets.get(1));
    }

    @Test
    void staysDistinctAndOrderedPastTheLinearLimit() {
        QueueTargets targets = new QueueTargets();
        List<String> expected = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 40; i++) {
                boolean added = targets.add("q" + i);
                assertEquals(round == 0, added, "q" + i + " in round " + round);
                if (round == 0) {
                    expected.add("q" + i);
                }
            }
        }
        assertEquals(40, targets.size());
        assertEquals(expected, new ArrayList<>(targets));
        assertTrue(targets.contains("q39"));
        assertFalse(targets.contains("q40"));
    }
}
