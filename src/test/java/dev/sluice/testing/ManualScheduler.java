package dev.sluice.testing;

import dev.sluice.core.Scheduler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A scheduler whose clock moves only when a test says so; due tasks run on the test's thread
 * inside {@link #advance}. Keeps TTL and expiry tests free of timing luck.
 *
 * <p>Threading: thread-safe (synchronized); tasks run outside the monitor.
 */
public final class ManualScheduler implements Scheduler {
    private long now = 1_700_000_000_000L;
    private long order;
    private final List<Task> tasks = new ArrayList<>();

    private final class Task implements Timer {
        final long due;
        final long seq;
        final Runnable action;
        boolean cancelled;

        Task(long due, long seq, Runnable action) {
            this.due = due;
            this.seq = seq;
            this.action = action;
        }

        @Override
        public void cancel() {
            synchronized (ManualScheduler.this) {
                cancelled = true;
                tasks.remove(this);
            }
        }
    }

    @Override
    public synchronized long nowMillis() {
        return now;
    }

    @Override
    public synchronized Timer schedule(Runnable task, long delayMillis) {
        Task t = new Task(now + Math.max(0, delayMillis), order++, task);
        tasks.add(t);
        return t;
    }

    /** Moves the clock forward, running every task that falls due, in due order. */
    public void advance(long millis) {
        long target;
        synchronized (this) {
            target = now + millis;
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> t.due <= target)
                        .min(Comparator.comparingLong((Task t) -> t.due).thenComparingLong(t -> t.seq))
                        .orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                tasks.remove(next);
                now = Math.max(now, next.due);
            }
            next.action.run();
        }
    }

    /** Tasks still waiting. */
    public synchronized int pending() {
        return tasks.size();
    }
}
