package dev.sluice.core.queue;

import dev.sluice.core.Scheduler;
import dev.sluice.store.ReadRequest;
import java.util.concurrent.CompletableFuture;

/**
 * A queue's reads of its backlog from the store: at most one under way; the one to start once the
 * queue's lock is released (a read's answer may come on the thread that starts it); a generation
 * that outdates the answer to a read asked for before the backlog was emptied (purge, delete); the
 * retry timer after a failed read; and the future a restore waits on. A read either pages entries
 * in (they join the head window) or is a scan for consumers with a filter (only the entries they
 * take leave the store's keeping).
 *
 * <p>Threading: guarded by the owning queue's lock.
 */
final class PageIns {
    /** A read of a stored range, the generation of the backlog it was asked for, and whether it is a scan. */
    record Read(int generation, ReadRequest request, boolean scan) {
    }

    private boolean underWay;
    private int generation;
    private Read toStart;
    private Scheduler.Timer retry;
    private CompletableFuture<Void> restored;

    boolean underWay() {
        return underWay;
    }

    /** Asks for a read (a page-in, or a scan), to be started once the lock is released. */
    void ask(ReadRequest request, boolean scan) {
        underWay = true;
        toStart = new Read(generation, request, scan);
    }

    /** The read to start now that the lock is being released, or null. */
    Read takeToStart() {
        Read read = toStart;
        toStart = null;
        return read;
    }

    /** True when the answer to {@code read} is still wanted; the read is then no longer under way. */
    boolean answered(Read read) {
        if (read.generation() != generation) {
            return false;
        }
        underWay = false;
        return true;
    }

    /** The backlog was emptied: the answer to a read under way will be dropped; no retry is due. */
    void forget() {
        generation++;
        underWay = false;
        toStart = null;
        if (retry != null) {
            retry.cancel();
            retry = null;
        }
    }

    /** A read failed: {@code task} runs after {@code delayMillis} to let the queue ask again. */
    void retryLater(Scheduler scheduler, Runnable task, long delayMillis) {
        retry = scheduler.schedule(task, delayMillis);
    }

    /** The retry timer has fired. */
    void retrying() {
        retry = null;
    }

    /** A restore waits on the first read; completed by {@link #restoreDone()}. */
    CompletableFuture<Void> restoring() {
        restored = new CompletableFuture<>();
        return restored;
    }

    /** Tells whoever waits for the restore that the queue is ready to be used. */
    void restoreDone() {
        if (restored != null) {
            restored.complete(null);
            restored = null;
        }
    }
}
