package dev.sluice.core.routing;

/**
 * The binding keys of a topic exchange as a trie of words. Literal words are interned to ids
 * ({@link TopicWordTable}); each node finds a literal child by id in a small open-addressed array
 * ({@link TopicSlots}). Adding or removing a binding walks one path (O(words of the binding key));
 * matching a routing key ({@link TopicMatch}) costs in proportion to its words and the wildcard
 * branches it meets, not to the number of bindings. Nodes left unused by a removal are cut off,
 * and words no binding uses any more are dropped from the word table.
 *
 * <p>Matching rules (RabbitMQ's): {@code *} matches exactly one word, {@code #} matches zero or
 * more words, empty words are words, and the empty key has no words (see {@link TopicWords}).
 * {@link #match} returns each destination once, however many binding keys lead to it.
 *
 * <p>Threading: {@link #add}, {@link #remove} and the counts are for the one writer that the
 * exchange's caller serializes (the virtual host's definitions lock). {@link #match} runs in any
 * number of routers at once, without locks and concurrently with the writer, each with its own
 * {@link TopicMatch} (see
 * {@link TopicTrieNode} and {@link TopicWordTable}): it sees every binding that was added before it
 * began and is not being removed, and may see a concurrent change in part. The exchange's
 * {@link RouteCache} generation keeps a result computed during a change from being served after
 * it. Nothing here recurses over the routing key; only the diagnostic counts recurse, as deep as
 * the longest binding key.
 */
final class TopicTrie {
    private final TopicTrieNode root = TopicTrieNode.root();
    private final TopicWordTable words = new TopicWordTable();
    private final CanonicalDestinations destinations = new CanonicalDestinations();
    /** Each routing thread's reusable match state, so that a route allocates little more than its result. */
    private final ThreadLocal<TopicMatch> matches = ThreadLocal.withInitial(TopicMatch::new);

    void add(String bindingKey, Destination destination) {
        TopicTrieNode node = root;
        for (String word : TopicWords.bindingPath(bindingKey)) {
            if (TopicWords.STAR.equals(word)) {
                node = node.starOrCreate();
            } else if (TopicWords.HASH.equals(word)) {
                node = node.hashOrCreate();
            } else {
                node = node.literalOrCreate(words.intern(word));
            }
        }
        node.destinations().add(destinations.acquire(destination));
    }

    void remove(String bindingKey, Destination destination) {
        String[] path = TopicWords.bindingPath(bindingKey);
        TopicTrieNode[] nodes = new TopicTrieNode[path.length + 1];
        nodes[0] = root;
        for (int i = 0; i < path.length; i++) {
            nodes[i + 1] = existingChild(nodes[i], path[i]);
            if (nodes[i + 1] == null) {
                return;
            }
        }
        if (!nodes[path.length].destinations().remove(destination)) {
            return;
        }
        destinations.release(destination);
        for (int i = path.length; i > 0 && nodes[i].isUnused(); i--) {
            nodes[i - 1].cut(nodes[i]);
        }
        for (String word : path) {
            if (!TopicWords.STAR.equals(word) && !TopicWords.HASH.equals(word)) {
                words.release(word);
            }
        }
    }

    /** The distinct destinations of every binding key that matches {@code routingKey}; never modify it. */
    Destination[] match(String routingKey) {
        return matches.get().run(root, words, routingKey);
    }

    /** Writer (tests, diagnostics): nodes in use, the root included (1 when nothing is bound). */
    int nodeCount() {
        return root.liveSubtreeSize();
    }

    /** Writer (tests, diagnostics): nodes held, cut-off ones not yet dropped included. */
    int retainedNodeCount() {
        return root.retainedSubtreeSize();
    }

    /** Writer (tests, diagnostics): words used by some binding / words held, dead ones included. */
    int wordCount() {
        return words.liveCount();
    }

    int retainedWordCount() {
        return words.retainedCount();
    }

    /** Writer (tests, diagnostics): distinct destinations bound. */
    int destinationCount() {
        return destinations.size();
    }

    private TopicTrieNode existingChild(TopicTrieNode node, String pathWord) {
        if (TopicWords.STAR.equals(pathWord)) {
            return node.star();
        }
        if (TopicWords.HASH.equals(pathWord)) {
            return node.hash();
        }
        return node.literal(words.idOf(pathWord));
    }
}
