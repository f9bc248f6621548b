package dev.sluice.core.routing;

import java.util.Arrays;

/**
 * The destinations one topic route has matched so far, and the route made of them: each
 * destination once, in the order first matched. The trie holds one shared instance per
 * destination ({@link CanonicalDestinations}), so repeats are found by reference, without
 * {@code equals} (which would read both names from memory). When the whole route is one node's
 * destination array, that array is the route, with nothing copied.
 *
 * <p>Threading: confined to one routing thread; reused route after route ({@link #reset}). The
 * route it returns is never its own buffer.
 */
final class RouteCollector {
    private static final Destination[] NO_DESTINATIONS = new Destination[0];
    /** Up to this many matches are deduplicated by a linear scan, more through a hash set. */
    private static final int LINEAR_DISTINCT_LIMIT = 16;

    /** The one array added so far, when nothing else was added; it must not be written to. */
    private Destination[] borrowed;
    private Destination[] items;
    private int count;

    /** Forgets what was collected (and drops the references), to start the next route. */
    void reset() {
        borrowed = null;
        if (items != null) {
            Arrays.fill(items, 0, Math.min(count, items.length), null);
        }
        count = 0;
    }

    void add(Destination destination) {
        unborrow(1);
        items[count++] = destination;
    }

    /** Adds the destinations of {@code members}, an array that is never changed (it may become the route). */
    void addAll(Destination[] members) {
        if (count == 0 && borrowed == null) {
            borrowed = members;
            return;
        }
        unborrow(members.length);
        System.arraycopy(members, 0, items, count, members.length);
        count += members.length;
    }

    /** The route: the destinations added, each once, in the order first added. */
    Destination[] route() {
        if (borrowed != null) {
            return borrowed; // the destinations of one node are distinct
        }
        if (count == 0) {
            return NO_DESTINATIONS;
        }
        if (count > LINEAR_DISTINCT_LIMIT) {
            return TopicExchange.distinct(Arrays.asList(items).subList(0, count));
        }
        int kept = 0;
        for (int i = 0; i < count; i++) {
            Destination candidate = items[i];
            if (!containsInstance(kept, candidate)) {
                items[kept++] = candidate;
            }
        }
        return Arrays.copyOf(items, kept);
    }

    /** Moves a borrowed array into {@code items} and makes room for {@code more}. */
    private void unborrow(int more) {
        Destination[] first = borrowed;
        int firstLength = first == null ? 0 : first.length;
        int needed = count + firstLength + more;
        if (items == null) {
            items = new Destination[Math.max(8, needed * 2)];
        } else if (needed > items.length) {
            items = Arrays.copyOf(items, needed * 2);
        }
        if (first != null) {
            System.arraycopy(first, 0, items, count, firstLength);
            count += firstLength;
            borrowed = null;
        }
    }

    private boolean containsInstance(int length, Destination destination) {
        for (int i = 0; i < length; i++) {
            if (items[i] == destination) {
                return true;
            }
        }
        return false;
    }
}
