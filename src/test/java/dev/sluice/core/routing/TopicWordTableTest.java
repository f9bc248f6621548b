package dev.sluice.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** Word ids: stable while used, found from a range of a key, never given to another word. */
class TopicWordTableTest {
    private final TopicWordTable words = new TopicWordTable();

    private long find(String key, int from, int to) {
        return words.find(key, from, to, TopicWordTable.hash(key, from, to));
    }

    @Test
    void findsAWordInsideALongerKeyWithoutCopyingIt() {
        long id = words.intern("beta");
        assertEquals(id, find("alpha.beta.gamma", 6, 10));
        assertEquals(TopicWordTable.UNKNOWN, find("alpha.beta.gamma", 0, 5));
        assertEquals(TopicWordTable.UNKNOWN, find("alpha.bet.gamma", 6, 9));
        assertEquals("beta".hashCode(), TopicWordTable.hash("x.beta", 2, 6));
    }

    @Test
    void theEmptyWordIsAWord() {
        long id = words.intern("");
        assertNotEquals(TopicWordTable.UNKNOWN, id);
        assertEquals(id, find("a..b", 2, 2));
    }

    @Test
    void aWordKeepsItsIdWhileAnyBindingUsesItAndAfterwardsGetsANewOne() {
        words.intern("keep1");
        words.intern("keep2");
        long first = words.intern("w");
        assertEquals(first, words.intern("w"));
        words.release("w");
        assertEquals(first, words.idOf("w"));
        words.release("w"); // unused now, but held while live words outnumber unused ones
        assertEquals(first, words.idOf("w"));
        assertEquals(first, words.intern("w"));
        words.release("w");
        for (int i = 0; i < 100; i++) { // enough turnover to drop the unused word
            words.intern("other" + i);
            words.release("other" + i);
        }
        assertEquals(TopicWordTable.UNKNOWN, words.idOf("w"));
        long second = words.intern("w");
        assertNotEquals(first, second);
    }

    @Test
    void growsPastItsFirstCapacity() {
        for (int i = 0; i < 10_000; i++) {
            words.intern("w" + i);
        }
        assertEquals(10_000, words.liveCount());
        for (int i = 0; i < 10_000; i++) {
            assertNotEquals(TopicWordTable.UNKNOWN, words.idOf("w" + i));
        }
    }
}
