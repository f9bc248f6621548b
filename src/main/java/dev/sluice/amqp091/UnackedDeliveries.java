package dev.sluice.amqp091;

import dev.sluice.core.queue.Queue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A channel's deliveries awaiting ack, keyed by delivery tag. Tags only grow, so insertion order
 * is tag order and "multiple" settles a prefix.
 *
 * <p>Threading: event-loop confined.
 */
final class UnackedDeliveries {
    /** One outstanding delivery: where it came from, and the consumer (null for basic.get). */
    record Unacked(long tag, Queue queue, long deliveryId, ChannelConsumer consumer) {
    }

    private final LinkedHashMap<Long, Unacked> byTag = new LinkedHashMap<>();

    void add(Unacked u) {
        byTag.put(u.tag(), u);
    }

    boolean contains(long tag) {
        return byTag.containsKey(tag);
    }

    /**
     * Removes and returns the deliveries a settlement names: the one tag, or with
     * {@code multiple} every tag up to it (tag 0 with multiple: all). Null when a single tag is
     * unknown; an unknown tag with multiple is an error only when nothing at all matches.
     */
    List<Unacked> take(long tag, boolean multiple) {
        if (!multiple) {
            Unacked u = byTag.remove(tag);
            return u == null ? null : List.of(u);
        }
        List<Unacked> out = new ArrayList<>();
        Iterator<Map.Entry<Long, Unacked>> it = byTag.entrySet().iterator();
        while (it.hasNext()) {
            Unacked u = it.next().getValue();
            if (tag != 0 && u.tag() > tag) {
                break;
            }
            out.add(u);
            it.remove();
        }
        return out.isEmpty() && tag != 0 ? null : out;
    }

    /** What {@link #take} would remove, left in place; null likewise. */
    List<Unacked> peek(long tag, boolean multiple) {
        if (!multiple) {
            Unacked u = byTag.get(tag);
            return u == null ? null : List.of(u);
        }
        List<Unacked> out = new ArrayList<>();
        for (Unacked u : byTag.values()) {
            if (tag != 0 && u.tag() > tag) {
                break;
            }
            out.add(u);
        }
        return out.isEmpty() && tag != 0 ? null : out;
    }

    /** Removes the given deliveries; returns those that were still outstanding. */
    List<Unacked> remove(List<Unacked> deliveries) {
        List<Unacked> removed = new ArrayList<>(deliveries.size());
        for (Unacked u : deliveries) {
            if (byTag.remove(u.tag()) != null) {
                removed.add(u);
            }
        }
        return removed;
    }

    /** Everything outstanding, in tag order, removed. */
    List<Unacked> takeAll() {
        List<Unacked> all = new ArrayList<>(byTag.values());
        byTag.clear();
        return all;
    }

    int size() {
        return byTag.size();
    }
}
