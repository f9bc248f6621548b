package dev.sluice.core.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The bindings of one exchange as bindings (not as a route index): for equality checks on bind,
 * for listing in the order they were made, and for finding every binding to a destination when
 * that destination goes away. Adding and removing cost O(log n), never O(n).
 *
 * <p>Threading: {@link #add} and {@link #remove} are serialized by the exchange's caller;
 * {@link #contains}, {@link #size} and {@link #snapshot} may run concurrently with them (they read
 * concurrent maps). {@link #bindingsTo} is for the serialized writer only.
 */
final class BindingTable {
    private final ConcurrentHashMap<Binding, Long> sequenceOf = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Long, Binding> inBindOrder = new ConcurrentSkipListMap<>();
    /** Writer-only index for {@link Exchange#unbindAll}. */
    private final Map<Destination, Set<Binding>> byDestination = new HashMap<>();
    /** Writer-only. */
    private long nextSequence;

    boolean contains(Binding binding) {
        return sequenceOf.containsKey(binding);
    }

    /** Adds the binding; returns false when an equal one is already here. */
    boolean add(Binding binding) {
        long sequence = nextSequence;
        if (sequenceOf.putIfAbsent(binding, sequence) != null) {
            return false;
        }
        nextSequence = sequence + 1;
        inBindOrder.put(sequence, binding);
        byDestination.computeIfAbsent(binding.destination(), d -> new LinkedHashSet<>()).add(binding);
        return true;
    }

    /** Removes an equal binding; returns false when there was none. */
    boolean remove(Binding binding) {
        Long sequence = sequenceOf.remove(binding);
        if (sequence == null) {
            return false;
        }
        inBindOrder.remove(sequence);
        Set<Binding> toDestination = byDestination.get(binding.destination());
        toDestination.remove(binding);
        if (toDestination.isEmpty()) {
            byDestination.remove(binding.destination());
        }
        return true;
    }

    /** The bindings that lead to {@code destination}, in bind order (a copy). */
    List<Binding> bindingsTo(Destination destination) {
        Set<Binding> found = byDestination.get(destination);
        return found == null ? List.of() : new ArrayList<>(found);
    }

    /** The bindings in bind order; weakly consistent while a writer is busy. */
    List<Binding> snapshot() {
        return List.copyOf(inBindOrder.values());
    }

    int size() {
        return sequenceOf.size();
    }
}
