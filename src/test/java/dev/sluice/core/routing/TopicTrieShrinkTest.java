package dev.sluice.core.routing;

import static dev.sluice.core.routing.RoutingFixtures.definition;
import static dev.sluice.core.routing.RoutingFixtures.queues;
import static dev.sluice.core.routing.RoutingFixtures.toQueue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Unbinding gives back what binding took: trie nodes, slot arrays, words and destination instances. */
class TopicTrieShrinkTest {
    private final TopicExchange exchange = new TopicExchange(definition("t", ExchangeType.TOPIC));
    private final TopicTrie trie = exchange.trie();

    @Test
    void removingEveryBindingLeavesOnlyTheRoot() {
        for (int i = 0; i < 500; i++) {
            exchange.bind(toQueue(exchange, "app.w" + i + ".*", "q" + (i % 7)));
            exchange.bind(toQueue(exchange, "#.w" + i, "tail"));
        }
        assertEquals(1 + 1 + 500 + 500 + 1 + 500, trie.nodeCount()); // root, app, app.wN, app.wN.*, #, #.wN
        assertEquals(501, trie.wordCount());
        assertEquals(8, trie.destinationCount());

        for (int i = 0; i < 500; i++) {
            exchange.unbind(toQueue(exchange, "app.w" + i + ".*", "q" + (i % 7)));
            exchange.unbind(toQueue(exchange, "#.w" + i, "tail"));
            // cut-off children are dropped once they outnumber the live ones
            assertTrue(trie.retainedNodeCount() <= 2 * trie.nodeCount() + 2,
                    () -> trie.retainedNodeCount() + " nodes held for " + trie.nodeCount() + " in use");
            assertTrue(trie.retainedWordCount() <= 2 * trie.wordCount() + 1);
        }
        assertEquals(1, trie.nodeCount());
        assertEquals(1, trie.retainedNodeCount());
        assertEquals(0, trie.wordCount());
        assertEquals(0, trie.retainedWordCount());
        assertEquals(0, trie.destinationCount());
        assertEquals(List.of(), queues(exchange, "app.w1.x"));
    }

    @Test
    void aCutOffChildComesBackWhenItsWordIsBoundAgain() {
        exchange.bind(toQueue(exchange, "a.keep", "k1"));
        exchange.bind(toQueue(exchange, "a.keep2", "k2"));
        exchange.bind(toQueue(exchange, "a.x", "q"));
        exchange.unbind(toQueue(exchange, "a.x", "q"));
        assertEquals(List.of(), queues(exchange, "a.x"));
        assertEquals(4, trie.nodeCount());
        assertEquals(5, trie.retainedNodeCount()); // a.x is held, unused, until dead children outnumber live ones

        exchange.bind(toQueue(exchange, "a.x", "q2"));
        assertEquals(List.of("q2"), queues(exchange, "a.x"));
        assertEquals(5, trie.nodeCount());
        assertEquals(5, trie.retainedNodeCount());
        assertEquals(List.of("k1"), queues(exchange, "a.keep"));
    }

    /** Unique words bound and unbound one after another (say, one per connection) do not pile up. */
    @Test
    void churnOfUniqueWordsKeepsTheWordTableSmall() {
        exchange.bind(toQueue(exchange, "session.*", "all"));
        for (int i = 0; i < 10_000; i++) {
            Binding own = toQueue(exchange, "session.s" + i, "s" + i);
            exchange.bind(own);
            assertEquals(List.of("s" + i, "all"), queues(exchange, "session.s" + i));
            exchange.unbind(own);
        }
        assertEquals(1, trie.wordCount());
        assertTrue(trie.retainedWordCount() <= 3, () -> trie.retainedWordCount() + " words held");
        assertTrue(trie.retainedNodeCount() <= 5, () -> trie.retainedNodeCount() + " nodes held");
        assertEquals(List.of("all"), queues(exchange, "session.s42"));
    }

    @Test
    void oneDestinationBoundByManyKeysIsOneInstanceUntilTheLastGoes() {
        exchange.bind(toQueue(exchange, "a.*", "q"));
        exchange.bind(toQueue(exchange, "*.b", "q"));
        exchange.bind(toQueue(exchange, "a.b", "q"));
        assertEquals(1, trie.destinationCount());
        assertEquals(List.of("q"), queues(exchange, "a.b"));

        exchange.unbind(toQueue(exchange, "a.*", "q"));
        exchange.unbind(toQueue(exchange, "a.b", "q"));
        assertEquals(1, trie.destinationCount());
        assertEquals(List.of("q"), queues(exchange, "x.b"));
        exchange.unbind(toQueue(exchange, "*.b", "q"));
        assertEquals(0, trie.destinationCount());
    }
}
