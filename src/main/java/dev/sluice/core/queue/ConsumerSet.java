package dev.sluice.core.queue;

import dev.sluice.core.message.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * The consumers of one queue and the rule that picks who gets the next message: the highest
 * {@code x-priority} group first, round robin within a group, a lower group only when no
 * consumer of a higher group can take one. With single active consumer, only the active one
 * receives; when it leaves, the one with the highest priority (earliest among equals) takes over.
 * Consumers with a filter ({@link ConsumerSpec#filter()}) are offered only the messages it accepts.
 *
 * <p>Threading: guarded by the owning queue's lock.
 */
final class ConsumerSet {
    private final boolean singleActive;
    /** Groups ordered by priority, highest first. */
    private final List<Group> groups = new ArrayList<>();
    /** Every consumer in the order they subscribed. */
    private final List<Subscription> all = new ArrayList<>();
    private Subscription active;
    private int filtered;

    /** The members of one priority level with the round-robin cursor. */
    private static final class Group {
        final int priority;
        final List<Subscription> members = new ArrayList<>();
        int cursor;

        Group(int priority) {
            this.priority = priority;
        }
    }

    ConsumerSet(boolean singleActive) {
        this.singleActive = singleActive;
    }

    void add(Subscription s) {
        all.add(s);
        if (s.spec().filter() != null) {
            filtered++;
        }
        int p = s.spec().priority();
        int i = 0;
        while (i < groups.size() && groups.get(i).priority > p) {
            i++;
        }
        if (i == groups.size() || groups.get(i).priority != p) {
            groups.add(i, new Group(p));
        }
        groups.get(i).members.add(s);
        if (singleActive && active == null) {
            active = s;
        }
    }

    /** Removes a consumer; with single active consumer, hands activity on. */
    void remove(Subscription s) {
        if (!all.remove(s)) {
            return;
        }
        if (s.spec().filter() != null) {
            filtered--;
        }
        for (int i = 0; i < groups.size(); i++) {
            Group g = groups.get(i);
            int idx = g.members.indexOf(s);
            if (idx >= 0) {
                g.members.remove(idx);
                if (g.cursor > idx) {
                    g.cursor--;
                }
                if (g.members.isEmpty()) {
                    groups.remove(i);
                } else if (g.cursor >= g.members.size()) {
                    g.cursor = 0;
                }
                break;
            }
        }
        if (active == s) {
            active = groups.isEmpty() ? null : groups.get(0).members.get(0);
        }
    }

    /** The consumer that gets the next message, or null when none can take one. */
    Subscription pick() {
        return pick(null);
    }

    /**
     * The consumer that gets {@code message}: as {@link #pick()}, among the consumers whose filter
     * accepts it; a null message skips the filters (any consumer that can take one).
     */
    Subscription pick(Message message) {
        if (singleActive) {
            return active != null && active.canTake() && matches(active, message) ? active : null;
        }
        for (int gi = 0; gi < groups.size(); gi++) {
            Group g = groups.get(gi);
            int n = g.members.size();
            for (int k = 0; k < n; k++) {
                int idx = (g.cursor + k) % n;
                Subscription s = g.members.get(idx);
                if (s.canTake() && matches(s, message)) {
                    g.cursor = (idx + 1) % n;
                    return s;
                }
            }
        }
        return null;
    }

    private static boolean matches(Subscription s, Message message) {
        return message == null || s.spec().accepts(message);
    }

    /** The consumers that can take a message now (under single active consumer, the active one or none). */
    List<Subscription> ableToTake() {
        List<Subscription> able = new ArrayList<>();
        if (singleActive) {
            if (active != null && active.canTake()) {
                able.add(active);
            }
            return able;
        }
        for (Subscription s : all) {
            if (s.canTake()) {
                able.add(s);
            }
        }
        return able;
    }

    /** True when some consumer has a filter, so messages may have to wait for a matching one. */
    boolean hasFilters() {
        return filtered > 0;
    }

    boolean isEmpty() {
        return all.isEmpty();
    }

    int size() {
        return all.size();
    }

    List<Subscription> snapshot() {
        return List.copyOf(all);
    }

    /** The active consumer under single active consumer, else null. */
    Subscription active() {
        return active;
    }

    boolean hasExclusive() {
        for (Subscription s : all) {
            if (s.spec().exclusive()) {
                return true;
            }
        }
        return false;
    }

    void clear() {
        all.clear();
        filtered = 0;
        groups.clear();
        active = null;
    }
}
