package dev.sluice.core.queue;

import java.util.ArrayDeque;
import java.util.PriorityQueue;

/**
 * The messages of one priority level waiting for a consumer, in sequence order. Fresh messages
 * arrive at the tail of a deque; requeued ones go to a small heap ordered by sequence number.
 * Every requeued message was taken from the front before the deque's current head, so the heap
 * always comes first and the whole stays in original order without a sorted insert.
 *
 * <p>Threading: guarded by the owning queue's lock.
 */
final class ReadyList {
    private final ArrayDeque<QueueEntry> fresh = new ArrayDeque<>();
    private final PriorityQueue<QueueEntry> requeued =
            new PriorityQueue<>(4, (a, b) -> Long.compare(a.seq, b.seq));

    void addFresh(QueueEntry e) {
        fresh.addLast(e);
    }

    void addRequeued(QueueEntry e) {
        requeued.add(e);
    }

    QueueEntry peek() {
        QueueEntry r = requeued.peek();
        return r != null ? r : fresh.peekFirst();
    }

    QueueEntry poll() {
        QueueEntry r = requeued.poll();
        return r != null ? r : fresh.pollFirst();
    }

    boolean isEmpty() {
        return requeued.isEmpty() && fresh.isEmpty();
    }

    int size() {
        return requeued.size() + fresh.size();
    }

    /** Hands each entry to {@code action} in delivery order, leaving the list as it is. */
    void forEachInOrder(java.util.function.Consumer<QueueEntry> action) {
        if (!requeued.isEmpty()) {
            QueueEntry[] early = requeued.toArray(new QueueEntry[0]);
            java.util.Arrays.sort(early, (a, b) -> Long.compare(a.seq, b.seq));
            for (QueueEntry e : early) {
                action.accept(e);
            }
        }
        fresh.forEach(action);
    }

    /** Removes everything, handing each entry to {@code sink} in order. */
    void drainTo(java.util.function.Consumer<QueueEntry> sink) {
        QueueEntry e;
        while ((e = poll()) != null) {
            sink.accept(e);
        }
    }
}
