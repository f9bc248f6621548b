package dev.sluice.store.mapdb;

import dev.sluice.store.StorageHealth;
import dev.sluice.store.StoreSettings;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The storage writer: one thread that takes the {@link PendingGroup} the stores have been filling,
 * applies it to the MapDB tables ({@link TableWriter}), commits, and only then runs the group's
 * {@code whenDurable} actions. A group is taken when the commit interval has passed since its first change, when it
 * reaches the maximum group size, or at once when a commit is requested or the writer stops.
 * While one group is written the next one fills, so a busy broker writes bigger groups.
 *
 * <p>Range removals (purges of paged-out messages, deleted queues) are worked off one chunk per
 * commit; while one is pending the writer does not wait for the commit interval.
 *
 * <p>Commits go to the page journal; their pages reach the store file by a checkpoint, which the
 * writer makes between commits once the journal holds {@value #CHECKPOINT_BYTES} bytes, or when it
 * has had nothing to commit for {@value #IDLE_CHECKPOINT_MILLIS} ms (see {@link JournaledVolume}).
 * So under load a commit waits for one sync, and a checkpoint's sync is shared by many commits.
 *
 * <p>A failed commit is tried again after a pause, its actions still waiting: a confirm is never
 * sent for what is not on disk (see {@link #write}). Every failure and the first success after
 * failures are reported to the {@link StorageHealth} (the broker's disk alarm).
 *
 * <p>Threading: the stores call {@link #lockGroup()} / {@link #unlockGroup()} around each change
 * (from queue threads, with queue locks held: the writer's lock is the innermost lock and is held
 * only for in-memory bookkeeping). Everything else of the group and the tables belongs to the
 * writer thread.
 */
final class GroupWriter {
    private static final System.Logger LOG = System.getLogger(GroupWriter.class.getName());
    private static final long RETRY_PAUSE_MILLIS = 1000;
    private static final int ATTEMPTS_WHEN_STOPPING = 3;
    static final long CHECKPOINT_BYTES = 4L << 20;
    static final long IDLE_CHECKPOINT_MILLIS = 50;

    private final MapDbTables tables;
    private final TableWriter tableWriter;
    private final StorageHealth health;
    private final long intervalNanos;
    /** How long a message out with a consumer may be put off from group to group, waiting for its ack. */
    private final long ackWaitNanos;
    private final int maxGroupSize;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Thread thread;

    private PendingGroup current = new PendingGroup();
    /** The group the writer has taken and not yet committed, or null. */
    private PendingGroup writing;
    /** True once the writer has been woken for the current group. */
    private boolean announced;
    private boolean commitRequested;
    private boolean stopping;
    private boolean halted;
    private boolean closed;
    /** Writer thread only: a range removal is still to be worked off. */
    private boolean removalsPending;
    /** Writer thread only: the last write attempt failed. */
    private boolean failing;

    private final AtomicLong writtenMessages = new AtomicLong();
    private final AtomicLong cancelledMessages = new AtomicLong();
    private final AtomicLong committedGroups = new AtomicLong();

    GroupWriter(MapDbTables tables, TableWriter tableWriter, StoreSettings settings, StorageHealth health,
                String threadName) {
        this.tables = tables;
        this.tableWriter = tableWriter;
        this.health = health;
        this.intervalNanos = settings.commitInterval().toNanos();
        this.ackWaitNanos = settings.ackWait().toNanos();
        this.maxGroupSize = settings.maxGroupSize();
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Locks the pending group for one change and returns it, or null once the writer has stopped
     * taking changes (the change is then dropped). Always pair with {@link #unlockGroup()}.
     */
    PendingGroup lockGroup() {
        lock.lock();
        return closed ? null : current;
    }

    void unlockGroup() {
        try {
            if (!closed && !current.isEmpty() && (!announced || current.changes() >= maxGroupSize)) {
                announced = true;
                wake.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * True when a change of an entry of {@code queueId} at a position {@code afterSeq < seq <= toSeq}
     * has been recorded but not yet committed: a read of those positions must wait for the current
     * group. Call with the group locked.
     */
    boolean hasUncommittedChange(long queueId, long afterSeq, long toSeq) {
        PendingGroup inFlight = writing;
        return current.changesWithin(queueId, afterSeq, toSeq)
                || (inFlight != null && inFlight.changesWithin(queueId, afterSeq, toSeq));
    }

    /**
     * True when the writer is a full group behind: the group being filled has reached the group
     * size while the writer is still busy with the one before. Call with the group locked.
     */
    boolean isBehind() {
        return current.changes() >= maxGroupSize;
    }

    /** Asks for the pending group to be committed now rather than at the end of its interval. */
    void requestCommit() {
        wakeAfter(() -> commitRequested = true);
    }

    /** Writes everything pending, then stops the thread. */
    void stop() {
        wakeAfter(() -> stopping = true);
        join();
    }

    /**
     * Stops the thread without writing what is pending, as a crash would: the group being written
     * may still be committed if its commit has begun; the pending one is dropped.
     */
    void halt() {
        wakeAfter(() -> {
            halted = true;
            closed = true;
        });
        join();
    }

    /** Changes the writer's state under its lock and wakes it to look. */
    private void wakeAfter(Runnable stateChange) {
        lock.lock();
        try {
            stateChange.run();
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    private void join() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    long writtenMessages() {
        return writtenMessages.get();
    }

    long cancelledMessages() {
        return cancelledMessages.get();
    }

    long committedGroups() {
        return committedGroups.get();
    }

    private void run() {
        try {
            removalsPending = tableWriter.hasRemovals();
            PendingGroup group;
            while ((group = nextGroup()) != null) {
                cancelledMessages.addAndGet(group.cancelledMessages());
                boolean written = write(group);
                doneWriting();
                if (!written) {
                    return;
                }
                runActions(group);
                if (tables.journalBytes() >= CHECKPOINT_BYTES) {
                    checkpoint();
                }
            }
        } finally {
            lock.lock();
            try {
                closed = true;
                current = new PendingGroup();
                writing = null;
            } finally {
                lock.unlock();
            }
        }
    }

    private void doneWriting() {
        lock.lock();
        try {
            writing = null;
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a group to be due and takes it; null when the writer is to end. */
    private PendingGroup nextGroup() {
        lock.lock();
        try {
            while (!halted && current.isEmpty() && !stopping && !removalsPending) {
                if (tables.journalBytes() == 0) {
                    wake.awaitUninterruptibly();
                } else if (wake.awaitNanos(TimeUnit.MILLISECONDS.toNanos(IDLE_CHECKPOINT_MILLIS)) <= 0
                        && current.isEmpty() && !halted && !stopping) {
                    lock.unlock(); // idle: write the journal's commits into the file meanwhile
                    try {
                        checkpoint();
                    } finally {
                        lock.lock();
                    }
                }
            }
            if (halted || (stopping && current.isEmpty())) {
                closed = true;
                return null;
            }
            while (!halted && !stopping && !commitRequested && !removalsPending && current.changes() < maxGroupSize) {
                long left = current.startedAtNanos() + intervalNanos - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wake.awaitNanos(left);
            }
            if (halted) {
                closed = true;
                return null;
            }
            PendingGroup taken = current;
            writing = taken;
            current = new PendingGroup();
            if (!stopping && ackWaitNanos > 0) {
                taken.deferDeliveredTo(current, ackWaitNanos);
            }
            commitRequested = false;
            announced = false;
            return taken;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
            return null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies and commits a group, retrying a failed commit; false when it gave up. A commit that
     * fails (a full disk) keeps what it was writing, so only the commit is tried again: applying
     * the group a second time would count its reference changes twice. A group that cannot even
     * be applied (a fault inside MapDB) may have left part of itself in the tables, which must not
     * be committed: the writer stops, the last commit stays intact on disk, and the disk alarm
     * stays on until the broker is restarted.
     */
    private boolean write(PendingGroup group) {
        boolean removals = removalsPending || !group.rangeRemovals.isEmpty();
        if (!group.hasWrites() && !removals) {
            committedGroups.incrementAndGet(); // done: everything in it folded away, nothing to sync
            return true;
        }
        int written;
        try {
            written = tableWriter.apply(group);
            if (removals) {
                tableWriter.removeChunk(TableWriter.REMOVAL_CHUNK);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "storage writer stopped: a group of " + group.changes() + " changes could not be "
                    + "applied to the tables; nothing after the last commit is confirmed or written. Restart the "
                    + "broker: the store opens at its last commit", e);
            failing = true;
            health.writeFailed(e);
            return false;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                if (isHalted()) {
                    return false;
                }
                tables.commit();
                removalsPending = removals && tableWriter.hasRemovals();
                writtenMessages.addAndGet(written);
                committedGroups.incrementAndGet();
                if (failing) {
                    failing = false;
                    health.writeRecovered();
                }
                return true;
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "storage commit failed (attempt " + attempt + "); retrying", e);
                failing = true;
                health.writeFailed(e);
                if (isHalted() || (isStopping() && attempt >= ATTEMPTS_WHEN_STOPPING)) {
                    LOG.log(Level.ERROR, "giving up a group of " + group.changes() + " changes: "
                            + "they are not on disk and their confirms are not sent");
                    return false;
                }
                pause();
            }
        }
    }

    /**
     * Writes the commits in the journal into the store file; their confirms went out already (each
     * commit was durable in the journal). A failure is reported like a failed commit; the journal
     * keeps the commits and a later checkpoint tries again.
     */
    private void checkpoint() {
        try {
            tables.checkpoint();
            if (failing) {
                failing = false;
                health.writeRecovered();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "writing a commit into the store file failed; it stays in the journal", e);
            failing = true;
            health.writeFailed(e);
        }
    }

    private void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(RETRY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void runActions(PendingGroup group) {
        for (Runnable action : group.actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "a durability action failed", e);
            }
        }
    }

    private boolean isHalted() {
        lock.lock();
        try {
            return halted;
        } finally {
            lock.unlock();
        }
    }

    private boolean isStopping() {
        lock.lock();
        try {
            return stopping;
        } finally {
            lock.unlock();
        }
    }
}
