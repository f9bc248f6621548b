package dev.sluice.core.queue;

/**
 * All ready messages of a queue: one {@link ReadyList} per priority level (one level when the
 * queue has no {@code x-max-priority}); the highest non-empty level is served first, FIFO within
 * a level. Also keeps the counts that length limits need.
 *
 * <p>Threading: guarded by the owning queue's lock.
 */
final class ReadyMessages {
    private final ReadyList[] levels;
    private int count;
    private long bytes;

    ReadyMessages(int maxPriority) {
        levels = new ReadyList[maxPriority + 1];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = new ReadyList();
        }
    }

    /** The level a message of the given priority goes to: capped at the queue's maximum. */
    int levelOf(Integer messagePriority) {
        if (levels.length == 1 || messagePriority == null || messagePriority <= 0) {
            return 0;
        }
        return Math.min(messagePriority, levels.length - 1);
    }

    void addFresh(QueueEntry e) {
        levels[e.priority].addFresh(e);
        count++;
        bytes += e.size();
    }

    void addRequeued(QueueEntry e) {
        levels[e.priority].addRequeued(e);
        count++;
        bytes += e.size();
    }

    QueueEntry peek() {
        for (int i = levels.length - 1; i >= 0; i--) {
            QueueEntry e = levels[i].peek();
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    QueueEntry poll() {
        for (int i = levels.length - 1; i >= 0; i--) {
            QueueEntry e = levels[i].poll();
            if (e != null) {
                count--;
                bytes -= e.size();
                return e;
            }
        }
        return null;
    }

    /** The earliest expiry among the heads of all levels (only heads expire, as in RabbitMQ). */
    long earliestHeadExpiry() {
        long earliest = Long.MAX_VALUE;
        for (ReadyList level : levels) {
            QueueEntry e = level.peek();
            if (e != null && e.expiresAt < earliest) {
                earliest = e.expiresAt;
            }
        }
        return earliest;
    }

    /** Removes expired heads from every level, handing each to {@code sink}. */
    void removeExpiredHeads(long now, java.util.function.Consumer<QueueEntry> sink) {
        for (ReadyList level : levels) {
            QueueEntry e;
            while ((e = level.peek()) != null && e.expiredAt(now)) {
                level.poll();
                count--;
                bytes -= e.size();
                sink.accept(e);
            }
        }
    }

    /** Hands each ready entry to {@code action} in delivery order (highest level first). */
    void forEachInOrder(java.util.function.Consumer<QueueEntry> action) {
        for (int i = levels.length - 1; i >= 0; i--) {
            levels[i].forEachInOrder(action);
        }
    }

    void drainTo(java.util.function.Consumer<QueueEntry> sink) {
        for (int i = levels.length - 1; i >= 0; i--) {
            levels[i].drainTo(sink);
        }
        count = 0;
        bytes = 0;
    }

    int count() {
        return count;
    }

    long bytes() {
        return bytes;
    }

    boolean isEmpty() {
        return count == 0;
    }
}
