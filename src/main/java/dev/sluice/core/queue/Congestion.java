package dev.sluice.core.queue;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a queue's consumers fall behind its publishers (see {@link Queue}'s class comment): the
 * attached consumers that settle without a prefetch limit, the deliveries they hold unsettled, the
 * flag adapters read after a publish, and the publishers waiting for it to clear. The queue's
 * depth counts every ready message, those only the store holds (paged out) included.
 *
 * <p>Threading: guarded by the owning queue's lock, except {@link #isOn()}, which any thread may
 * read.
 */
final class Congestion {
    private final int mark;
    private int unboundedConsumers;
    private int unboundedUnsettled;
    private volatile boolean on;
    private List<Runnable> waiters;

    /** Congested from {@code mark} messages on, until the backlog is down to half of it. */
    Congestion(int mark) {
        this.mark = mark;
    }

    boolean isOn() {
        return on;
    }

    void subscribed(Subscription s) {
        if (s.unboundedWindow()) {
            unboundedConsumers++;
        }
    }

    void unsubscribed(Subscription s) {
        if (s.unboundedWindow()) {
            unboundedConsumers--;
        }
    }

    /** {@code s} took a delivery it will settle. */
    void handedOut(Subscription s) {
        if (s.unboundedWindow()) {
            unboundedUnsettled++;
        }
    }

    /** A delivery {@code s} held was settled or came back. */
    void settled(Subscription s) {
        if (s.unboundedWindow()) {
            unboundedUnsettled--;
        }
    }

    /** Every consumer and delivery is gone (the queue is deleted or closed). */
    void clear() {
        unboundedConsumers = 0;
        unboundedUnsettled = 0;
    }

    /** Keeps {@code action} for when the congestion clears; false (nothing kept) when there is none. */
    boolean await(Runnable action) {
        if (!on) {
            return false;
        }
        if (waiters == null) {
            waiters = new ArrayList<>(2);
        }
        waiters.add(action);
        return true;
    }

    /**
     * Recomputes the flag for a queue of {@code ready} ready messages (paged out ones included);
     * returns the waiters to run when it just cleared, else null.
     */
    List<Runnable> update(long ready, boolean deleted) {
        long backlog = ready + unboundedUnsettled;
        boolean now = !deleted && unboundedConsumers > 0 && backlog >= (on ? mark / 2 : mark);
        if (now == on) {
            return null;
        }
        on = now;
        if (now) {
            return null;
        }
        List<Runnable> cleared = waiters;
        waiters = null;
        return cleared;
    }
}
