package dev.sluice.core.routing;

import java.util.Collection;

/**
 * The binding keys of a topic exchange as a trie of words. Adding or removing a binding walks one
 * path (O(words of the binding key)); matching a routing key costs in proportion to the words of
 * the key and the wildcard branches it meets, not to the number of bindings. Nodes left empty by a
 * removal are cut off.
 *
 * <p>Matching rules (RabbitMQ's): {@code *} matches exactly one word, {@code #} matches zero or
 * more words, empty words are words, and the empty key has no words (see {@link TopicWords}).
 * The same destination can be reached by several binding keys; {@link #match} may add it more
 * than once, so callers that need each once pass a set.
 *
 * <p>Threading: {@link #add} and {@link #remove} are serialized by the exchange's caller;
 * {@link #match} runs concurrently with them and with itself, without locks (see
 * {@link TopicTrieNode}). Recursion depth is bounded by the number of words of the longest binding
 * key, not by the routing key.
 */
final class TopicTrie {
    private final TopicTrieNode root = new TopicTrieNode();

    void add(String bindingKey, Destination destination) {
        TopicTrieNode node = root;
        for (String word : TopicWords.bindingPath(bindingKey)) {
            node = node.childOrCreate(word);
        }
        node.destinations().add(destination);
    }

    void remove(String bindingKey, Destination destination) {
        String[] path = TopicWords.bindingPath(bindingKey);
        TopicTrieNode[] nodes = new TopicTrieNode[path.length + 1];
        nodes[0] = root;
        for (int i = 0; i < path.length; i++) {
            nodes[i + 1] = nodes[i].child(path[i]);
            if (nodes[i + 1] == null) {
                return;
            }
        }
        if (!nodes[path.length].destinations().remove(destination)) {
            return;
        }
        for (int i = path.length; i > 0 && nodes[i].isUnused(); i--) {
            nodes[i - 1].removeChild(path[i - 1]);
        }
    }

    /** Adds to {@code out} the destinations of every binding key that matches {@code routingKey}. */
    void match(String routingKey, Collection<Destination> out) {
        matchFrom(root, TopicWords.split(routingKey), 0, out);
    }

    /** The number of nodes, the root included (1 when nothing is bound). */
    int nodeCount() {
        return root.subtreeSize();
    }

    /** Matches {@code words[next..]} against the binding keys below {@code node}. */
    private static void matchFrom(TopicTrieNode node, String[] words, int next, Collection<Destination> out) {
        if (next == words.length) {
            node.destinations().addTo(out);
        } else {
            TopicTrieNode literal = node.literal(words[next]);
            if (literal != null) {
                matchFrom(literal, words, next + 1, out);
            }
            TopicTrieNode star = node.star();
            if (star != null) {
                matchFrom(star, words, next + 1, out);
            }
        }
        TopicTrieNode hash = node.hash();
        if (hash == null) {
            return;
        }
        if (hash.isLeaf()) {
            hash.destinations().addTo(out); // a trailing '#' takes whatever words are left
            return;
        }
        for (int consumedUpTo = next; consumedUpTo <= words.length; consumedUpTo++) {
            matchFrom(hash, words, consumedUpTo, out);
        }
    }
}
