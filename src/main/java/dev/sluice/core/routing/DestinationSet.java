package dev.sluice.core.routing;

import java.util.Collection;

/**
 * The distinct destinations bound at one place of a route index (one routing key of a direct
 * exchange, one node of a topic trie), with a count of the bindings behind each, so that removing
 * one of two bindings to the same destination (they may differ in arguments) keeps the
 * destination.
 *
 * <p>A set of exactly one destination, the most common kind, also holds it in a field of its
 * own, so a router reads it without loading the array.
 *
 * <p>Threading: one writer at a time ({@link #add} and {@link #remove} are serialized by the
 * exchange's caller); any number of concurrent readers, which never block. Readers see an
 * immutable array published through a volatile field (copy-on-write), so they never see a
 * half-made change. The writer publishes the array first and the single-destination field after
 * it, so a reader that finds that field set has read it before the next change began; it reads the
 * array only when the field is null. The binding counts are read and written by the writer only.
 *
 * <p>{@link TopicTrieNode} extends this class so that a router finds a node's destinations in the
 * node's own memory, without reaching for another object.
 */
class DestinationSet {
    private static final Destination[] NONE = new Destination[0];
    private static final int[] NO_COUNTS = new int[0];

    /** The destination when there is exactly one, else null. */
    private volatile Destination only;
    /** All the destinations, in the order they were first bound; never changed once published. */
    private volatile Destination[] members = NONE;
    /** Writer only: bindings per destination, in the order of {@link #members}. */
    private int[] bindingCounts = NO_COUNTS;

    /** Counts one more binding to {@code destination}. */
    void add(Destination destination) {
        Destination[] current = members;
        int index = indexOf(current, destination);
        if (index >= 0) {
            bindingCounts[index]++;
            return;
        }
        int n = current.length;
        Destination[] grown = new Destination[n + 1];
        System.arraycopy(current, 0, grown, 0, n);
        grown[n] = destination;
        int[] counts = new int[n + 1];
        System.arraycopy(bindingCounts, 0, counts, 0, n);
        counts[n] = 1;
        bindingCounts = counts;
        publish(grown);
    }

    /** Counts one binding fewer to {@code destination}; returns false when there was none. */
    boolean remove(Destination destination) {
        Destination[] current = members;
        int index = indexOf(current, destination);
        if (index < 0) {
            return false;
        }
        if (bindingCounts[index] > 1) {
            bindingCounts[index]--;
            return true;
        }
        int n = current.length;
        if (n == 1) {
            bindingCounts = NO_COUNTS;
            publish(NONE);
            return true;
        }
        Destination[] shrunk = new Destination[n - 1];
        int[] counts = new int[n - 1];
        System.arraycopy(current, 0, shrunk, 0, index);
        System.arraycopy(current, index + 1, shrunk, index, n - index - 1);
        System.arraycopy(bindingCounts, 0, counts, 0, index);
        System.arraycopy(bindingCounts, index + 1, counts, index, n - index - 1);
        bindingCounts = counts;
        publish(shrunk);
        return true;
    }

    /** True when no destination is bound here. */
    boolean isEmpty() {
        return members.length == 0;
    }

    /** Adds every destination to {@code out}, in the order they were first bound. */
    void addTo(Collection<Destination> out) {
        Destination one = only;
        if (one != null) {
            out.add(one);
            return;
        }
        for (Destination d : members) {
            out.add(d);
        }
    }

    /** Router: adds every destination to {@code out}, in the order they were first bound. */
    void readInto(RouteCollector out) {
        Destination one = only;
        if (one != null) {
            out.add(one);
            return;
        }
        Destination[] all = members;
        if (all.length > 0) {
            out.addAll(all);
        }
    }

    /** Writer: makes {@code changed} (never changed afterwards) what readers see. */
    private void publish(Destination[] changed) {
        members = changed;
        only = changed.length == 1 ? changed[0] : null;
    }

    private static int indexOf(Destination[] array, Destination destination) {
        for (int i = 0; i < array.length; i++) {
            if (array[i].equals(destination)) {
                return i;
            }
        }
        return -1;
    }
}
