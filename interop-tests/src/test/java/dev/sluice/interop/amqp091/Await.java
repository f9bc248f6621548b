package dev.sluice.interop.amqp091;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting for a condition with a deadline instead of sleeping for timing luck. */
public final class Await {
    /** How long a test waits for something the broker is sure to do soon. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long a test watches for something that must not happen (one more delivery past a
     * prefetch limit). A correct broker passes however short it is; it only bounds how late a
     * wrong delivery can come and still be caught.
     */
    static final Duration QUIET_PERIOD = Duration.ofMillis(300);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(10);

    private Await() {
    }

    /** Returns once {@code condition} holds; fails when it still does not after {@code timeout}. */
    public static void awaitCondition(Duration timeout, BooleanSupplier condition) {
        awaitCondition(timeout, POLL_INTERVAL, condition);
    }

    /** As {@link #awaitCondition(Duration, BooleanSupplier)}, checking once every {@code pollInterval}. */
    static void awaitCondition(Duration timeout, Duration pollInterval, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within " + timeout);
            }
            pause(pollInterval);
        }
    }

    /** Fails as soon as {@code condition} stops holding during {@code period}, checking every {@code pollInterval}. */
    static void assertStaysTrue(Duration period, Duration pollInterval, BooleanSupplier condition) {
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() - end < 0) {
            if (!condition.getAsBoolean()) {
                throw new AssertionError("condition stopped holding within " + period);
            }
            pause(pollInterval);
        }
    }

    /** Fails as soon as {@code condition} stops holding during {@link #QUIET_PERIOD}. */
    static void assertStaysTrue(BooleanSupplier condition) {
        assertStaysTrue(QUIET_PERIOD, POLL_INTERVAL, condition);
    }

    private static void pause(Duration interval) {
        try {
            TimeUnit.MILLISECONDS.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
