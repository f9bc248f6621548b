package dev.sluice.core.routing;

import java.util.Arrays;

/**
 * One match of a routing key against a {@link TopicTrie}, run word by word as an automaton over
 * trie nodes instead of by backtracking. After each word the match holds the set of nodes that the
 * words so far can have led to (the <em>active</em> nodes); the next word moves each active node
 * to its literal child for that word and to its {@code *} child, and keeps every active hash node
 * (a {@code #} takes the word). Entering a node also enters its {@code #} child, which matches zero
 * words. The destinations of the nodes active after the last word are the route.
 *
 * <p>No node is active twice at once: a node other than a hash node has one parent and one edge,
 * and a hash node entered through its parent's edge is skipped when it is already active from the
 * previous word. So the active nodes never outnumber the trie's nodes, and a step costs a few
 * probes per active node (plus, per {@code #} child entered, a scan of the few hash nodes already
 * active), however many {@code #} the binding keys hold and wherever they stand. (Backtracking
 * tries every split of the key at each non-trailing {@code #}, so its work multiplies with each
 * such {@code #} on a path.) The routing key is scanned in place: each word is hashed from the
 * key's characters and looked up once in the {@link TopicWordTable}; no substring is made.
 *
 * <p>Each destination is routed once ({@link RouteCollector}).
 *
 * <p>Threading: confined to one routing thread, which reuses it for one route after another (the
 * trie keeps one per thread). It reads the trie as {@link TopicTrieNode} allows, concurrently with
 * the writer. Between routes it holds no reference to any trie.
 */
final class TopicMatch {
    private static final Destination[] NO_DESTINATIONS = new Destination[0];

    private TopicTrieNode[] active = new TopicTrieNode[8];
    private int activeCount;
    private TopicTrieNode[] next = new TopicTrieNode[8];
    private int nextCount;
    /** The hash nodes active before the current word, which stay active through it. */
    private TopicTrieNode[] looping = new TopicTrieNode[4];
    private int loopingCount;
    private final RouteCollector collector = new RouteCollector();

    /**
     * The distinct destinations of the binding keys below {@code root}, whose words are in
     * {@code words}, that match {@code key}.
     */
    Destination[] run(TopicTrieNode root, TopicWordTable words, String key) {
        try {
            return match(root, words, key);
        } finally {
            forget();
        }
    }

    private Destination[] match(TopicTrieNode root, TopicWordTable words, String key) {
        enter(root);
        advance();
        if (!key.isEmpty()) { // the empty key has no words at all (see TopicWords)
            int length = key.length();
            int start = 0;
            while (true) {
                int end = start;
                int hash = 0;
                for (char c; end < length && (c = key.charAt(end)) != '.'; end++) {
                    hash = 31 * hash + c;
                }
                step(words.find(key, start, end, hash));
                if (activeCount == 0) {
                    return NO_DESTINATIONS;
                }
                if (end == length) {
                    break;
                }
                start = end + 1;
            }
        }
        return destinations();
    }

    /** Moves the active nodes along one word, whose id is {@code wordId}. */
    private void step(long wordId) {
        loopingCount = 0;
        for (int i = 0; i < activeCount; i++) {
            TopicTrieNode node = active[i];
            if (node.isHashNode()) {
                push(node);
                addLooping(node);
            }
        }
        for (int i = 0; i < activeCount; i++) {
            TopicTrieNode node = active[i];
            TopicTrieNode literal = node.literal(wordId);
            if (literal != null) {
                enter(literal);
            }
            TopicTrieNode star = node.star();
            if (star != null) {
                enter(star);
            }
        }
        advance();
    }

    /** Makes {@code node} active after the current word, with its {@code #} child (zero words). */
    private void enter(TopicTrieNode node) {
        push(node);
        TopicTrieNode hash = node.hash();
        if (hash != null && !isLooping(hash)) {
            push(hash);
        }
    }

    private void push(TopicTrieNode node) {
        if (nextCount == next.length) {
            next = Arrays.copyOf(next, nextCount * 2);
        }
        next[nextCount++] = node;
    }

    private void addLooping(TopicTrieNode node) {
        if (loopingCount == looping.length) {
            looping = Arrays.copyOf(looping, loopingCount * 2);
        }
        looping[loopingCount++] = node;
    }

    private boolean isLooping(TopicTrieNode node) {
        for (int i = 0; i < loopingCount; i++) {
            if (looping[i] == node) {
                return true;
            }
        }
        return false;
    }

    /** The nodes entered for the current word become the active ones. */
    private void advance() {
        TopicTrieNode[] previous = active;
        active = next;
        activeCount = nextCount;
        next = previous;
        nextCount = 0;
    }

    /**
     * Drops every reference to the trie, so that a match kept by a thread for its next route does
     * not keep a deleted exchange's trie reachable.
     */
    private void forget() {
        Arrays.fill(active, null);
        Arrays.fill(next, null);
        Arrays.fill(looping, null);
        activeCount = 0;
        nextCount = 0;
        loopingCount = 0;
        collector.reset();
    }

    /** The destinations of the active nodes, each once, in the order of the nodes. */
    private Destination[] destinations() {
        for (int i = 0; i < activeCount; i++) {
            active[i].destinations().readInto(collector);
        }
        return collector.route();
    }
}
