package dev.sluice.core.routing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The literal children of a {@link TopicTrieNode} as an open-addressed hash table: a plain array
 * of child nodes, each found by its own {@link TopicTrieNode#wordId()}, with linear probing. The
 * array is at most half full, so a probe always ends at an empty slot, and a lookup is one array
 * read per probe plus the child's id (on the child's first cache line, which the router reads next
 * anyway). Nothing is removed from a slot: a child cut off by an unbind stays as an unused (dead)
 * node, which matches nothing, until {@link #copyOfLive} leaves it out of a new array. A 64-bit
 * filter of the children's ids ({@link #filterBit}), kept by the node, lets most lookups of absent
 * words skip the array altogether.
 *
 * <p>Threading: stateless. The arrays follow {@link TopicTrieNode}'s rule: only the writer calls
 * {@link #put} and {@link #copyOfLive}; {@link #find} may run concurrently with {@link #put} on the
 * same array, because a slot changes at most once (null to a child), {@link #put} writes it with
 * release semantics and {@link #find} reads it with acquire semantics, so a router that finds a
 * child sees it as it was built (on x86 both are plain moves).
 */
final class TopicSlots {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(TopicTrieNode[].class);

    private TopicSlots() {
    }

    /** The child with {@code wordId} in {@code slots}, or null. */
    static TopicTrieNode find(TopicTrieNode[] slots, long wordId) {
        int mask = slots.length - 1;
        for (int i = indexFor(wordId, mask); ; i = (i + 1) & mask) {
            TopicTrieNode child = (TopicTrieNode) SLOT.getAcquire(slots, i);
            if (child == null || child.wordId() == wordId) {
                return child;
            }
        }
    }

    /** True when {@code slots}, holding {@code used} children, can take one more and stay at most half full. */
    static boolean hasRoomForOneMore(TopicTrieNode[] slots, int used) {
        return (used + 1) * 2 <= slots.length;
    }

    /** Writer: puts {@code child} in the first empty slot of its probe sequence (there must be room). */
    static void put(TopicTrieNode[] slots, TopicTrieNode child) {
        int mask = slots.length - 1;
        int i = indexFor(child.wordId(), mask);
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        SLOT.setRelease(slots, i, child);
    }

    /**
     * Writer: a new array with the children of {@code slots} (which may be null) that are still in
     * use, sized so that {@code capacityFor} children fill at most half of it.
     */
    static TopicTrieNode[] copyOfLive(TopicTrieNode[] slots, int capacityFor) {
        int capacity = 2;
        while (capacity < capacityFor * 2) {
            capacity <<= 1;
        }
        TopicTrieNode[] fresh = new TopicTrieNode[capacity];
        if (slots != null) {
            for (TopicTrieNode child : slots) {
                if (child != null && !child.isUnused()) {
                    put(fresh, child);
                }
            }
        }
        return fresh;
    }

    /** The bit of {@code wordId} in a node's 64-bit filter of its literal children's ids. */
    static long filterBit(long wordId) {
        return 1L << (int) ((wordId * 0x9E3779B97F4A7C15L) >>> 58);
    }

    /** Writer: the filter of the children in {@code slots} (see {@link #filterBit}). */
    static long filterOf(TopicTrieNode[] slots) {
        long filter = 0;
        for (TopicTrieNode child : slots) {
            if (child != null) {
                filter |= filterBit(child.wordId());
            }
        }
        return filter;
    }

    private static int indexFor(long wordId, int mask) {
        return (int) ((wordId * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }
}
