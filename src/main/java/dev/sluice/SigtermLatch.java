package dev.sluice;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Lets {@code sluice start} run until SIGTERM and then shut down on its own main thread, so the
 * broker closes cleanly, the last log line is written and the process exits with status 0.
 * Left to itself the JVM answers SIGTERM by running shutdown hooks, concurrently with the hook
 * that shuts its own logging down, and exits with status 143.
 *
 * <p>The handler is installed with {@code sun.misc.Signal}, from the {@code jdk.unsupported}
 * module that JEP 260 keeps open for exactly this use.
 *
 * <p>Threading: thread-safe. One thread waits in {@link #await()}; the JVM delivers the signal
 * on a thread of its own.
 */
final class SigtermLatch {
    private final CountDownLatch received = new CountDownLatch(1);

    /**
     * Routes SIGTERM to this latch instead of the JVM's default shutdown.
     *
     * @return false when the signal cannot be caught (as with {@code -Xrs}); SIGTERM then gets
     *     the JVM's default treatment and the process exits with status 143
     */
    boolean install() {
        try {
            Signal.handle(new Signal("TERM"), signal -> received.countDown());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Returns once SIGTERM has arrived or the waiting thread is interrupted. */
    void await() {
        try {
            received.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
