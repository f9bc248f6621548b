package dev.sluice.core.routing;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One node of a {@link TopicTrie}: the destinations of the binding keys that end here, and the
 * edges to the next word: one per literal word, one for {@code *}, one for {@code #}.
 *
 * <p>Threading: changed by one serialized writer, read by any number of routers at once. Each
 * child is fully built before it is published through a volatile field or a concurrent map, so a
 * reader that reaches a node sees it whole; readers never block.
 */
final class TopicTrieNode {
    private final DestinationSet destinations = new DestinationSet();
    /** Children by literal word; null until the first literal child. */
    private volatile ConcurrentHashMap<String, TopicTrieNode> literals;
    private volatile TopicTrieNode star;
    private volatile TopicTrieNode hash;

    DestinationSet destinations() {
        return destinations;
    }

    /** The child for a routing key's word taken literally, or null. */
    TopicTrieNode literal(String word) {
        ConcurrentHashMap<String, TopicTrieNode> map = literals;
        return map == null ? null : map.get(word);
    }

    TopicTrieNode star() {
        return star;
    }

    TopicTrieNode hash() {
        return hash;
    }

    /** True when no binding key goes on past this node. */
    boolean isLeaf() {
        ConcurrentHashMap<String, TopicTrieNode> map = literals;
        return star == null && hash == null && (map == null || map.isEmpty());
    }

    /** True when nothing is bound here or below: the node can be cut off. */
    boolean isUnused() {
        return isLeaf() && destinations.isEmpty();
    }

    /** Writer: the child along a binding key's word ({@code *} and {@code #} are wildcards), or null. */
    TopicTrieNode child(String pathWord) {
        if (TopicWords.STAR.equals(pathWord)) {
            return star;
        }
        if (TopicWords.HASH.equals(pathWord)) {
            return hash;
        }
        return literal(pathWord);
    }

    /** Writer: the child along a binding key's word, made when missing. */
    TopicTrieNode childOrCreate(String pathWord) {
        TopicTrieNode existing = child(pathWord);
        if (existing != null) {
            return existing;
        }
        TopicTrieNode created = new TopicTrieNode();
        if (TopicWords.STAR.equals(pathWord)) {
            star = created;
        } else if (TopicWords.HASH.equals(pathWord)) {
            hash = created;
        } else {
            ConcurrentHashMap<String, TopicTrieNode> map = literals;
            if (map == null) {
                map = new ConcurrentHashMap<>(2);
                literals = map;
            }
            map.put(pathWord, created);
        }
        return created;
    }

    /** Writer: cuts off the child along a binding key's word. */
    void removeChild(String pathWord) {
        if (TopicWords.STAR.equals(pathWord)) {
            star = null;
        } else if (TopicWords.HASH.equals(pathWord)) {
            hash = null;
        } else {
            ConcurrentHashMap<String, TopicTrieNode> map = literals;
            if (map != null) {
                map.remove(pathWord);
                if (map.isEmpty()) {
                    literals = null;
                }
            }
        }
    }

    /** Writer (tests, diagnostics): the number of nodes in this subtree, this one included. */
    int subtreeSize() {
        int size = 1;
        ConcurrentHashMap<String, TopicTrieNode> map = literals;
        if (map != null) {
            for (TopicTrieNode child : map.values()) {
                size += child.subtreeSize();
            }
        }
        if (star != null) {
            size += star.subtreeSize();
        }
        if (hash != null) {
            size += hash.subtreeSize();
        }
        return size;
    }
}
