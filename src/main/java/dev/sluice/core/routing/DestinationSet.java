package dev.sluice.core.routing;

import java.util.Collection;

/**
 * The distinct destinations bound at one place of a route index (one routing key of a direct
 * exchange, one node of a topic trie), with a count of the bindings behind each, so that removing
 * one of two bindings to the same destination (they may differ in arguments) keeps the
 * destination.
 *
 * <p>Threading: one writer at a time ({@link #add} and {@link #remove} are serialized by the
 * exchange's caller); any number of concurrent readers. Readers see an immutable array published
 * through a volatile field (copy-on-write), so {@link #addTo} never blocks and never sees a
 * half-made change. The binding counts are read and written by the writer only.
 */
final class DestinationSet {
    private static final Destination[] NONE = new Destination[0];
    private static final int[] NO_COUNTS = new int[0];

    private volatile Destination[] members = NONE;
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
        members = grown;
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
            members = NONE;
            return true;
        }
        Destination[] shrunk = new Destination[n - 1];
        int[] counts = new int[n - 1];
        System.arraycopy(current, 0, shrunk, 0, index);
        System.arraycopy(current, index + 1, shrunk, index, n - index - 1);
        System.arraycopy(bindingCounts, 0, counts, 0, index);
        System.arraycopy(bindingCounts, index + 1, counts, index, n - index - 1);
        bindingCounts = counts;
        members = shrunk;
        return true;
    }

    boolean isEmpty() {
        return members.length == 0;
    }

    /** Adds every destination to {@code out}, in the order they were first bound. */
    void addTo(Collection<Destination> out) {
        for (Destination d : members) {
            out.add(d);
        }
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
