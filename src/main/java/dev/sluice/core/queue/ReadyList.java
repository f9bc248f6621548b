package dev.sluice.core.queue;

import java.util.ArrayDeque;
import java.util.PriorityQueue;

/**
 * The messages of one priority level waiting for a consumer, in sequence order. Fresh messages
 * arrive at the tail of a deque (in sequence order); requeued ones go to a small heap ordered by
 * sequence number. The next message is the lower of the two heads, so the whole stays in original
 * order without a sorted insert. (Almost always the heap comes first: a requeued message was
 * usually taken before the deque's current head. One that a filtered consumer took from behind
 * a paging queue's head may come back behind it.)
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
        return requeuedFirst() ? requeued.peek() : fresh.peekFirst();
    }

    QueueEntry poll() {
        return requeuedFirst() ? requeued.poll() : fresh.pollFirst();
    }

    private boolean requeuedFirst() {
        QueueEntry r = requeued.peek();
        QueueEntry f = fresh.peekFirst();
        return r != null && (f == null || r.seq < f.seq);
    }

    boolean isEmpty() {
        return requeued.isEmpty() && fresh.isEmpty();
    }

    int size() {
        return requeued.size() + fresh.size();
    }

    /** Hands each entry to {@code action} in delivery order, leaving the list as it is. */
    void forEachInOrder(java.util.function.Consumer<QueueEntry> action) {
        QueueEntry[] early = requeued.toArray(new QueueEntry[0]);
        java.util.Arrays.sort(early, (a, b) -> Long.compare(a.seq, b.seq));
        int i = 0;
        for (QueueEntry f : fresh) {
            while (i < early.length && early[i].seq < f.seq) {
                action.accept(early[i++]);
            }
            action.accept(f);
        }
        while (i < early.length) {
            action.accept(early[i++]);
        }
    }

    /** Removes everything, handing each entry to {@code sink} in order. */
    void drainTo(java.util.function.Consumer<QueueEntry> sink) {
        QueueEntry e;
        while ((e = poll()) != null) {
            sink.accept(e);
        }
    }
}
