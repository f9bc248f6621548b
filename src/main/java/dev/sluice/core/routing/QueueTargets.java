package dev.sluice.core.routing;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The queue names one publish reaches, each once, in the order first reached: what
 * {@link Router#route} fills for every message. Most routes reach one to a few queues, so the
 * names sit in one small array and a repeat is found by a linear scan; past
 * {@value #LINEAR_LIMIT} names a hash set takes over the membership test. One allocation per
 * route in the common case, where a {@code LinkedHashSet} makes a table and an entry per name.
 *
 * <p>Threading: confined to the publishing thread, one instance per route.
 */
public final class QueueTargets extends AbstractSet<String> {
    private static final int LINEAR_LIMIT = 8;

    private String[] names = new String[4];
    private int size;
    /** The names again, for membership, once there are more than {@value #LINEAR_LIMIT}. */
    private HashSet<String> index;

    @Override
    public boolean add(String name) {
        if (contains(name)) {
            return false;
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
        }
        names[size++] = name;
        if (index != null) {
            index.add(name);
        } else if (size > LINEAR_LIMIT) {
            index = new HashSet<>(Arrays.asList(names).subList(0, size));
        }
        return true;
    }

    @Override
    public boolean contains(Object name) {
        if (index != null) {
            return index.contains(name);
        }
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int size() {
        return size;
    }

    /** The {@code i}-th name reached (0-based); lets the caller walk the names without an iterator. */
    public String get(int i) {
        return names[i];
    }

    @Override
    public Iterator<String> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public String next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                return names[next++];
            }
        };
    }
}
