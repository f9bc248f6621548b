package dev.sluice.core.routing;

/**
 * One node of a {@link TopicTrie}: the destinations of the binding keys that end here (the node is
 * itself their {@link DestinationSet}, so a router reads them without another pointer hop), and the
 * edges to the next word: literal words (by word id, see {@link TopicWordTable} and
 * {@link TopicSlots}), one {@code *} edge and one {@code #} edge. A node reached through a
 * {@code #} edge is a <em>hash node</em>: it can take any number of further words itself.
 *
 * <p>A literal child cut off by an unbind stays in its parent's slot array as an unused node until
 * the dead children outnumber the live ones; then the array is replaced by one without them (and
 * dropped altogether when no live literal child is left). Binding the same word again brings the
 * dead child back instead of making a new one.
 *
 * <p>Threading: changed by one writer at a time (serialized by the exchange's caller); read by any
 * number of routers at once, without locks. What routers read is published safely: the word id
 * and the hash-node flag are final; the destinations are copy-on-write (see
 * {@link DestinationSet}); the {@code *} and {@code #} children, the slot array and its filter are volatile (a filter
 * never lacks the bit of a child in the slot array published with or before it); a
 * slot array is either filled before it is published or gets a child in an empty slot afterwards
 * (never changed again); children are fully built before they are linked. A router may see a
 * change that is in progress in part, never a half-built node. The live and dead counts are the
 * writer's alone.
 */
final class TopicTrieNode extends DestinationSet {
    /** The word id of nodes that are not reached through a literal edge (the root, {@code *} and {@code #}). */
    static final long NO_WORD = TopicWordTable.UNKNOWN;

    private final long wordId;
    private final boolean hashNode;
    /** Literal children, open-addressed by word id; null when there is no live one. */
    private volatile TopicTrieNode[] literals;
    /**
     * One bit per literal child's word id ({@link TopicSlots#filterBit}), set before the child is
     * linked. A clear bit tells a router that no child has the word without reading the slot array,
     * which is most lookups: words are mostly absent from small nodes.
     */
    private volatile long literalFilter;
    private volatile TopicTrieNode star;
    private volatile TopicTrieNode hash;
    /** Writer only: literal children in use / cut off but still in {@link #literals}. */
    private int liveLiterals;
    private int deadLiterals;

    private TopicTrieNode(long wordId, boolean hashNode) {
        this.wordId = wordId;
        this.hashNode = hashNode;
    }

    /** A new, empty root node. */
    static TopicTrieNode root() {
        return new TopicTrieNode(NO_WORD, false);
    }

    /** The id of the literal word on the edge to this node, or {@link #NO_WORD}. */
    long wordId() {
        return wordId;
    }

    /** True when this node was reached through {@code #} and so also matches after more words. */
    boolean isHashNode() {
        return hashNode;
    }

    /** The destinations of the binding keys that end here: this node itself. */
    DestinationSet destinations() {
        return this;
    }

    /** The child along the literal word {@code id}, or null (always null for {@link TopicWordTable#UNKNOWN}). */
    TopicTrieNode literal(long id) {
        if (id == TopicWordTable.UNKNOWN || (literalFilter & TopicSlots.filterBit(id)) == 0) {
            return null;
        }
        TopicTrieNode[] slots = literals;
        return slots == null ? null : TopicSlots.find(slots, id);
    }

    TopicTrieNode star() {
        return star;
    }

    TopicTrieNode hash() {
        return hash;
    }

    /** Writer: the child along the literal word {@code id}, made (or brought back) when missing. */
    TopicTrieNode literalOrCreate(long id) {
        TopicTrieNode[] slots = literals;
        TopicTrieNode found = slots == null ? null : TopicSlots.find(slots, id);
        if (found != null) {
            if (found.isUnused()) {
                deadLiterals--;
                liveLiterals++;
            }
            return found;
        }
        TopicTrieNode created = new TopicTrieNode(id, false);
        if (slots == null || !TopicSlots.hasRoomForOneMore(slots, liveLiterals + deadLiterals)) {
            TopicTrieNode[] grown = TopicSlots.copyOfLive(slots, liveLiterals + 1);
            TopicSlots.put(grown, created);
            deadLiterals = 0;
            literalFilter = TopicSlots.filterOf(grown);
            literals = grown;
        } else {
            literalFilter |= TopicSlots.filterBit(id);
            TopicSlots.put(slots, created);
        }
        liveLiterals++;
        return created;
    }

    /** Writer: the {@code *} child, made when missing. */
    TopicTrieNode starOrCreate() {
        TopicTrieNode existing = star;
        if (existing == null) {
            existing = new TopicTrieNode(NO_WORD, false);
            star = existing;
        }
        return existing;
    }

    /** Writer: the {@code #} child, made when missing. */
    TopicTrieNode hashOrCreate() {
        TopicTrieNode existing = hash;
        if (existing == null) {
            existing = new TopicTrieNode(NO_WORD, true);
            hash = existing;
        }
        return existing;
    }

    /** Writer: cuts off {@code child}, an unused child of this node. */
    void cut(TopicTrieNode child) {
        if (child == star) {
            star = null;
        } else if (child == hash) {
            hash = null;
        } else {
            liveLiterals--;
            deadLiterals++;
            if (liveLiterals == 0) {
                literals = null;
                literalFilter = 0;
                deadLiterals = 0;
            } else if (deadLiterals > liveLiterals) {
                TopicTrieNode[] compacted = TopicSlots.copyOfLive(literals, liveLiterals);
                literalFilter = TopicSlots.filterOf(compacted);
                literals = compacted;
                deadLiterals = 0;
            }
        }
    }

    /** Writer: true when nothing is bound here or below, so the node can be cut off. */
    boolean isUnused() {
        return liveLiterals == 0 && star == null && hash == null && isEmpty();
    }

    /** Writer (tests, diagnostics): nodes in use in this subtree, this one included. */
    int liveSubtreeSize() {
        int size = 1;
        TopicTrieNode[] slots = literals;
        if (slots != null) {
            for (TopicTrieNode child : slots) {
                if (child != null && !child.isUnused()) {
                    size += child.liveSubtreeSize();
                }
            }
        }
        TopicTrieNode starChild = star;
        TopicTrieNode hashChild = hash;
        size += starChild == null ? 0 : starChild.liveSubtreeSize();
        return size + (hashChild == null ? 0 : hashChild.liveSubtreeSize());
    }

    /** Writer (tests, diagnostics): nodes held in this subtree, cut-off literal children included. */
    int retainedSubtreeSize() {
        int size = 1;
        TopicTrieNode[] slots = literals;
        if (slots != null) {
            for (TopicTrieNode child : slots) {
                if (child != null) {
                    size += child.retainedSubtreeSize();
                }
            }
        }
        TopicTrieNode starChild = star;
        TopicTrieNode hashChild = hash;
        size += starChild == null ? 0 : starChild.retainedSubtreeSize();
        return size + (hashChild == null ? 0 : hashChild.retainedSubtreeSize());
    }
}
