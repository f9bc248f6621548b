package dev.sluice.core;

/**
 * The clock and the timers the core uses for TTLs and queue expiry. Production code uses
 * {@link ExecutorScheduler}; tests use a manual one, so no test depends on timing luck.
 *
 * <p>Threading: implementations are thread-safe; tasks run on the scheduler's own thread(s) and
 * must not block.
 */
public interface Scheduler {
    /** Now, in epoch milliseconds. */
    long nowMillis();

    /** Runs {@code task} once, {@code delayMillis} from now (at once when not positive). */
    Timer schedule(Runnable task, long delayMillis);

    /** A scheduled task that may still be cancelled. */
    interface Timer {
        void cancel();
    }
}
