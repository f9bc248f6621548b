package dev.sluice.core.routing;

import java.util.HashMap;

/**
 * One shared instance for each distinct {@link Destination} bound in a topic trie, so that a
 * router can tell two matched destinations apart by reference ({@code ==}) instead of calling
 * {@code equals}, which reads both names. Each instance counts the bindings that hold it and is
 * forgotten when the last one goes; a later binding of an equal destination gets a new instance.
 *
 * <p>Threading: the writer's alone (serialized by the exchange's caller); routers only see the
 * instances, which are immutable.
 */
final class CanonicalDestinations {
    private final HashMap<Destination, Held> held = new HashMap<>();

    /** Counts one more binding to {@code destination}; returns the shared instance equal to it. */
    Destination acquire(Destination destination) {
        Held entry = held.computeIfAbsent(destination, Held::new);
        entry.bindings++;
        return entry.instance;
    }

    /** Counts one binding fewer to {@code destination}. */
    void release(Destination destination) {
        Held entry = held.get(destination);
        if (entry != null && --entry.bindings == 0) {
            held.remove(destination);
        }
    }

    /** The number of distinct destinations held (tests, diagnostics). */
    int size() {
        return held.size();
    }

    private static final class Held {
        final Destination instance;
        int bindings;

        Held(Destination instance) {
            this.instance = instance;
        }
    }
}
