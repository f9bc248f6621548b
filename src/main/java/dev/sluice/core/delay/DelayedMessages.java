package dev.sluice.core.delay;

import dev.sluice.core.BrokerException;
import dev.sluice.core.Scheduler;
import dev.sluice.core.message.Message;
import dev.sluice.core.queue.MemoryBudget;
import dev.sluice.store.MessageStore;
import dev.sluice.store.QueueKey;
import dev.sluice.store.StoredEntry;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The messages of one virtual host that wait for their delivery time (AMQP 1.0
 * {@code x-opt-delivery-time}, JMS delivery delay). Each message already carries where it was
 * addressed (its exchange and routing key); when it falls due it is handed to the virtual host's
 * ordinary publish path, in due order (equal times in the order they were held). An exchange that
 * was deleted meanwhile drops the message with a log line.
 *
 * <p>Persistent messages are recorded in the {@link MessageStore} under the reserved queue key
 * ({@link #STORE_QUEUE}, which no client can declare: the {@code amq.} prefix is reserved) as
 * entries whose expiry field holds the due time, so the caller may confirm them after
 * {@link MessageStore#whenDurable} and {@link #recover} brings them back after a restart or a
 * crash. A message due while the broker was down is published at once by {@link #recover}.
 * Transient messages are held in memory only. Every held message counts in the broker's
 * {@link MemoryBudget} as a queued one does.
 *
 * <p>Threading: thread-safe. This object's monitor guards the waiting messages and the timer and
 * is held only for in-memory work and store recording (the store's own lock is taken inside it).
 * Due messages are published by one firing at a time (under {@code firing}, never under the
 * monitor), so publishing takes queue locks with only {@code firing} held.
 */
public final class DelayedMessages {
    /** The store's name for the delayed messages of a virtual host; reserved, so it never meets a queue. */
    public static final String STORE_QUEUE = "amq.sluice-delayed";
    private static final System.Logger LOG = System.getLogger(DelayedMessages.class.getName());

    private final QueueKey key;
    private final MessageStore store;
    private final Scheduler scheduler;
    private final MemoryBudget budget;
    private final Consumer<Message> publish;
    private final Object firing = new Object();
    private final PriorityQueue<Held> waiting = new PriorityQueue<>(
            Comparator.comparingLong(Held::dueAt).thenComparingLong(Held::seq));
    private long lastSeq;
    private Scheduler.Timer timer;
    private long timerAt = Long.MAX_VALUE;
    private boolean closed;

    private record Held(long seq, long dueAt, Message message, boolean stored) {
    }

    /**
     * @param publish the virtual host's publish path; takes over the message's reference and may
     *        throw {@link BrokerException} (the exchange is gone)
     */
    public DelayedMessages(String vhost, MessageStore store, Scheduler scheduler, MemoryBudget budget,
                           Consumer<Message> publish) {
        this.key = new QueueKey(vhost, STORE_QUEUE);
        this.store = store;
        this.scheduler = scheduler;
        this.budget = budget;
        this.publish = publish;
    }

    /** The store key the persistent delayed messages of this virtual host are kept under. */
    public QueueKey storeKey() {
        return key;
    }

    /**
     * Holds {@code message} until {@code dueAt} (epoch ms) and takes over the caller's reference.
     * A persistent message (which must carry its store id) is recorded in the store first; it is
     * on disk once a later {@link MessageStore#whenDurable} action runs.
     */
    public void hold(Message message, long dueAt) {
        synchronized (this) {
            if (!closed) {
                long seq = ++lastSeq;
                boolean stored = message.persistent() && store.enqueue(key, seq, dueAt, 0, message);
                add(new Held(seq, dueAt, message, stored));
                return;
            }
        }
        message.release();
    }

    /**
     * Brings back the persistent delayed messages the store kept and publishes those already due.
     * Blocks on the store: for broker start only, after the queues are restored and before clients
     * connect.
     */
    public void recover() {
        List<StoredEntry> entries = store.recover(key);
        synchronized (this) {
            for (StoredEntry e : entries) {
                lastSeq = Math.max(lastSeq, e.seq());
                add(new Held(e.seq(), e.expiresAt(), e.message(), true));
            }
        }
        fire();
    }

    /** How many messages wait. */
    public synchronized int size() {
        return waiting.size();
    }

    /** When the earliest waiting message falls due (epoch ms), or {@code Long.MAX_VALUE} when none waits. */
    public synchronized long nextDue() {
        Held head = waiting.peek();
        return head == null ? Long.MAX_VALUE : head.dueAt();
    }

    /** The virtual host is deleted: drops every waiting message, from the store too. */
    public void discard() {
        stop();
        store.deleteQueue(key);
    }

    /** The broker stops: releases what is held in memory; stored messages stay in the store. */
    public void close() {
        stop();
    }

    private void stop() {
        List<Held> dropped;
        synchronized (this) {
            closed = true;
            cancelTimer();
            dropped = List.copyOf(waiting);
            waiting.clear();
        }
        for (Held h : dropped) {
            budget.giveBack(h.message().bodySize());
            h.message().release();
        }
    }

    private void add(Held h) {
        waiting.add(h);
        budget.take(h.message().bodySize());
        if (h.dueAt() < timerAt) {
            cancelTimer();
            timerAt = h.dueAt();
            timer = scheduler.schedule(this::fire, h.dueAt() - scheduler.nowMillis());
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        timerAt = Long.MAX_VALUE;
    }

    /** Publishes every message that is due, in due order, then sets the timer for the next one. */
    private void fire() {
        synchronized (firing) {
            Held due;
            while ((due = takeDue()) != null) {
                release(due);
            }
        }
    }

    private synchronized Held takeDue() {
        Held head = waiting.peek();
        if (head != null && head.dueAt() <= scheduler.nowMillis()) {
            return waiting.poll();
        }
        cancelTimer();
        if (head != null && !closed) {
            timerAt = head.dueAt();
            timer = scheduler.schedule(this::fire, head.dueAt() - scheduler.nowMillis());
        }
        return null;
    }

    private void release(Held h) {
        budget.giveBack(h.message().bodySize());
        try {
            publish.accept(h.message());
        } catch (BrokerException e) {
            LOG.log(System.Logger.Level.WARNING, "delayed message for exchange '" + h.message().exchange()
                    + "' in vhost '" + key.vhost() + "' dropped at its delivery time: " + e.getMessage());
        }
        if (h.stored()) {
            store.remove(key, h.seq());
        }
    }
}
