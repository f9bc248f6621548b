package dev.sluice.core.queue;

import dev.sluice.core.BrokerException;
import dev.sluice.core.ErrorKind;
import dev.sluice.core.Owner;
import dev.sluice.core.Scheduler;
import dev.sluice.core.message.Message;
import dev.sluice.store.QueueKey;
import dev.sluice.store.ReadRequest;
import dev.sluice.store.StoredBatch;
import dev.sluice.store.StoredEntry;
import dev.sluice.store.StoredQueue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A queue: ready messages in order (by priority level when it has {@code x-max-priority}),
 * unsettled deliveries, consumers and the rules of RabbitMQ's classic queues: length limits and
 * overflow, message and queue TTL, dead-lettering, delivery limit, single active consumer.
 *
 * <p>Threading: one lock per queue, held only for in-memory work (and non-blocking store
 * bookkeeping). Deliveries are handed to sinks with the lock held, so each consumer sees its
 * deliveries in order; sinks must not block. Work that reaches other queues (dead-lettering) and
 * deletion requests are collected under the lock and run after it is released, so no thread ever
 * holds two queue locks. Nested calls from a sink back into the same queue are allowed: the
 * nested dispatch is folded into the running one.
 *
 * <p>Paging: ready messages live in the head window ({@link ReadyMessages}) and, behind it, in the
 * {@link Backlog}. While the broker's {@link MemoryBudget} is exceeded, a queue keeps each new
 * message in the store only (a persistent one on a durable queue as a stored entry, any other as
 * an ephemeral one the store discards when it opens): the backlog records its position, nothing more. When
 * the head window runs low, the backlog's front moves forward: a run held in memory at once, a
 * stored range by a read the store answers on its own thread ({@link dev.sluice.store.MessageStore#read});
 * the read is started after the lock is released and its answer joins the head under the lock.
 * Nothing waits for it: a consumer that finds the head empty is served when the answer lands.
 * Priority queues and {@code drop-head} queues with a length limit never page out (they still
 * read back what a restart left in the store, all of it). Everything the queue counts (length,
 * limits, congestion, stats, purge) includes the backlog, paged out messages too.
 *
 * <p>Filters: a consumer with a filter is offered only the ready messages it accepts; the others
 * stay where they are for other consumers. When every message of the head window has been passed
 * over and such a consumer still has room, it looks behind the head: the backlog's entries are
 * offered to it in order, those in memory at once, those only the store holds by a <em>scan</em>
 * (a read whose entries nobody takes are dropped from memory again and stay on disk). Each
 * consumer remembers how far it has looked ({@link Subscription#scannedTo}), so an entry is looked
 * at again only by a consumer that had no room when it was passed, or after an entry came back.
 * An entry taken from behind the head that is requeued goes back to its place there.
 *
 * <p>Browsing ({@link #browser()}) shows the head window and the backlog in order; what only the
 * store holds is read in batches, without taking it into the queue.
 *
 * <p>Congestion: a consumer that settles but set no prefetch limit gives the queue no window to
 * stop at, so whatever publishers send goes on to it and waits in its socket and its client's
 * memory. While such a consumer is attached and the backlog (ready messages, paged out ones
 * included, plus the deliveries such consumers have not settled) is at least
 * {@link #CONGESTION_MESSAGES}, the queue is congested: its consumers fall behind its publishers.
 * Adapters read {@link #congested()} after a publish and may stop reading from that publisher
 * until {@link #whenUncongested} calls back, once the backlog is down to half the mark. A queue
 * whose consumers all have a window (or that has no consumer) is never congested: it buffers any
 * number of messages, as RabbitMQ's queues do.
 */
public final class Queue {
    /** Holder marker for messages taken with a synchronous get. */
    static final Object GET_HOLDER = new Object();
    private static final long NO_EXPIRY = Long.MAX_VALUE;
    private static final long PAGE_IN_RETRY_MILLIS = 1000;
    private static final System.Logger LOG = System.getLogger(Queue.class.getName());
    /**
     * The backlog at which a queue with a consumer without prefetch limit counts as congested
     * (system property {@code sluice.queue.congestionMessages}, default 2000); it stops being
     * congested at half.
     */
    public static final int CONGESTION_MESSAGES =
            Math.max(2, Integer.getInteger("sluice.queue.congestionMessages", 2_000));

    private final QueueDefinition definition;
    private volatile QueueArguments arguments;
    private final Owner exclusiveOwner;
    private final QueueHost host;
    private final QueueKey key;
    /** Which messages the queue takes ({@link QueueDefinition#selector()}); null: every message. Immutable. */
    private final Predicate<Message> selector;
    private final ReentrantLock lock = new ReentrantLock();

    private final ReadyMessages ready;
    private final Backlog backlog = new Backlog();
    private final QueuePaging paging;
    private final HashMap<Long, QueueEntry> unsettled = new HashMap<>();
    private final ConsumerSet consumers;
    private long nextSeq = 1;
    private int expiringReady;
    private boolean deleted;
    private boolean everConsumed;

    private boolean dispatching;
    private boolean dispatchAgain;
    private List<DeadLetter> pendingDeadLetters;
    private boolean pendingRemoval;

    private final PageIns pageIns = new PageIns();
    /** Restored and {@link #expireDue()} not yet called: no timers run. */
    private boolean recovering;
    private final Congestion congestion = new Congestion(CONGESTION_MESSAGES);

    private Scheduler.Timer expiryTimer;
    private long expiryTimerAt = NO_EXPIRY;
    private Scheduler.Timer idleTimer;
    private long lastUsedAt;

    private long publishedTotal;
    private long deliveredTotal;
    private long settledTotal;

    /**
     * Makes a queue. {@code arguments} must be the parsed form of the definition's (and its
     * policies') arguments; the owner is set for exclusive queues. A selector in the definition is
     * compiled in the host's {@link QueueHost#filterLanguage()} (406 when it is not valid).
     */
    public Queue(QueueDefinition definition, QueueArguments arguments, Owner exclusiveOwner, QueueHost host) {
        this.selector = definition.selector() == null ? null
                : host.filterLanguage().compile(definition.selector());
        this.definition = definition;
        this.arguments = arguments;
        this.exclusiveOwner = exclusiveOwner;
        this.host = host;
        this.key = new QueueKey(host.vhostName(), definition.name());
        this.ready = new ReadyMessages(arguments.maxPriority());
        this.consumers = new ConsumerSet(arguments.singleActiveConsumer());
        this.paging = host.paging();
        lock.lock();
        try {
            markUsed();
        } finally {
            lock.unlock();
        }
    }

    public String name() {
        return definition.name();
    }

    public QueueDefinition definition() {
        return definition;
    }

    public QueueArguments arguments() {
        return arguments;
    }

    /** The connection an exclusive queue belongs to, or null. */
    public Owner exclusiveOwner() {
        return exclusiveOwner;
    }

    /** True when the queue may be used by {@code owner} (not another connection's exclusive queue). */
    public boolean accessibleBy(Owner owner) {
        return exclusiveOwner == null || exclusiveOwner == owner;
    }

    // ---------------------------------------------------------------- publishing

    /**
     * Offers a message. The queue takes its own reference when it accepts; the caller keeps its. A
     * queue with a selector does not take a message it does not select ({@link EnqueueResult#NOT_SELECTED}).
     */
    public EnqueueResult enqueue(Message message) {
        if (selector != null && !selector.test(message)) {
            return EnqueueResult.NOT_SELECTED;
        }
        lock.lock();
        try {
            if (deleted) {
                return EnqueueResult.QUEUE_GONE;
            }
            if (arguments.overflow() != Overflow.DROP_HEAD && wouldOverflow(message.bodySize())) {
                if (arguments.overflow() == Overflow.REJECT_PUBLISH_DLX) {
                    addDeadLetter(message.retain(), DeathReason.MAXLEN);
                }
                return EnqueueResult.REFUSED_OVERFLOW;
            }
            long seq = nextSeq++;
            long expiresAt = expiryOf(message, host.scheduler().nowMillis());
            int level = ready.levelOf(message.properties().priority());
            publishedTotal++;
            boolean persistent = isStored(message) && host.store().enqueue(key, seq, expiresAt, level, message);
            if (shouldPageOut() && (persistent || pageOutEphemeral(seq, expiresAt, level, message))) {
                backlog.addStored(seq, message.bodySize());
                return EnqueueResult.ACCEPTED;
            }
            QueueEntry entry = new QueueEntry(seq, message.retain(), expiresAt, level);
            entry.stored = persistent;
            paging.budget().take(entry.size());
            Subscription direct = ready.isEmpty() && backlog.isEmpty() && !dispatching ? consumers.pick(message) : null;
            if (direct != null) {
                // deliver-or-enqueue: a waiting consumer takes it at once, even with TTL 0
                deliverTo(direct, entry);
                return EnqueueResult.ACCEPTED;
            }
            if (backlog.isEmpty()) {
                addReady(entry, false);
            } else {
                backlog.addInMemory(entry);
            }
            dispatch();
            if (arguments.overflow() == Overflow.DROP_HEAD) {
                dropHeadWhileOverLimit();
            }
            afterReadyChange();
            return EnqueueResult.ACCEPTED;
        } finally {
            unlockAndFlush();
        }
    }

    private boolean wouldOverflow(int size) {
        return (arguments.maxLength() >= 0 && readyCount() + 1 > arguments.maxLength())
                || (arguments.maxLengthBytes() >= 0 && readyBytes() + size > arguments.maxLengthBytes());
    }

    private boolean overLimit() {
        return (arguments.maxLength() >= 0 && readyCount() > arguments.maxLength())
                || (arguments.maxLengthBytes() >= 0 && readyBytes() > arguments.maxLengthBytes());
    }

    /** Ready messages: the head window and the backlog behind it. Lock held. */
    private long readyCount() {
        return ready.count() + backlog.count();
    }

    private long readyBytes() {
        return ready.bytes() + backlog.bytes();
    }

    /**
     * A new persistent message goes to the store only while the budget is exceeded and the head
     * window is full enough to serve consumers meanwhile (or the backlog already holds messages,
     * which must stay behind it). Lock held.
     */
    private boolean shouldPageOut() {
        return pagesOut() && paging.budget().exceeded() && (!backlog.isEmpty() || !headIsLow());
    }

    /**
     * Hands a message that must not survive a restart (transient, or on a transient or exclusive
     * queue) to the store as a paged-out entry, which the store discards when it is opened; false
     * when it stays in memory (a persistent message the store refused, a store that does not page
     * out). Nobody waits for the write: a publisher's confirm does not depend on it. Lock held.
     */
    private boolean pageOutEphemeral(long seq, long expiresAt, int level, Message message) {
        return !isStored(message) && host.store().pageOut(key, seq, expiresAt, level, message);
    }

    /**
     * True when new messages may be kept in the store only: queues without priorities, unless they
     * drop from the head at a length limit (which needs the head in memory). Durable or not,
     * exclusive or not: what must not survive a restart is paged out as an ephemeral entry.
     * Follows policy changes.
     */
    private boolean pagesOut() {
        QueueArguments args = arguments;
        return args.maxPriority() == 0 && !(args.overflow() == Overflow.DROP_HEAD && args.hasLengthLimit());
    }

    private void dropHeadWhileOverLimit() {
        while (!ready.isEmpty() && overLimit()) {
            QueueEntry head = takeReady();
            leave(head, DeathReason.MAXLEN);
        }
    }

    private long expiryOf(Message message, long now) {
        long ttl = arguments.messageTtl();
        long messageTtl = parseExpiration(message.properties().expiration());
        if (messageTtl >= 0 && (ttl < 0 || messageTtl < ttl)) {
            ttl = messageTtl;
        }
        return ttl < 0 ? NO_EXPIRY : now + ttl;
    }

    /** The per-message TTL in ms, or -1; the virtual host has already refused invalid values. */
    static long parseExpiration(String expiration) {
        if (expiration == null) {
            return -1;
        }
        try {
            long v = Long.parseLong(expiration);
            return v < 0 ? -1 : v;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Persistent messages on durable queues are stored; not on exclusive queues, which do not
     * survive a restart (as in RabbitMQ), so their messages could never be recovered.
     */
    private boolean isStored(Message message) {
        return definition.durable() && !definition.exclusive() && message.persistent() && message.id() != 0;
    }

    // ---------------------------------------------------------------- consuming

    /** Attaches a consumer; 403 when the queue or an existing consumer is exclusive. */
    public Subscription subscribe(ConsumerSpec spec, DeliverySink sink) {
        lock.lock();
        try {
            requireNotDeleted();
            if (consumers.hasExclusive() || (spec.exclusive() && !consumers.isEmpty())) {
                throw new BrokerException(ErrorKind.ACCESS_REFUSED, "queue '" + name() + "' in vhost '"
                        + host.vhostName() + "' in exclusive use");
            }
            Subscription s = new Subscription(this, spec, sink);
            consumers.add(s);
            congestion.subscribed(s);
            everConsumed = true;
            cancelIdleTimer();
            dispatch();
            return s;
        } finally {
            unlockAndFlush();
        }
    }

    void setCredit(Subscription s, int credit) {
        lock.lock();
        try {
            s.credit = Math.max(0, credit);
            dispatch();
        } finally {
            unlockAndFlush();
        }
    }

    int drain(Subscription s) {
        lock.lock();
        try {
            dispatch();
            int left = s.credit;
            s.credit = 0;
            return left;
        } finally {
            unlockAndFlush();
        }
    }

    int creditOf(Subscription s) {
        lock.lock();
        try {
            return s.credit;
        } finally {
            lock.unlock();
        }
    }

    void resume(Subscription s) {
        lock.lock();
        try {
            dispatch();
        } finally {
            unlockAndFlush();
        }
    }

    void cancel(Subscription s, boolean returnUnsettled) {
        lock.lock();
        try {
            if (s.cancelled) {
                return;
            }
            s.cancelled = true;
            consumers.remove(s);
            congestion.unsubscribed(s);
            if (returnUnsettled) {
                requeueHeldBy(s);
            }
            if (consumers.isEmpty() && !deleted) {
                if (definition.autoDelete() && everConsumed) {
                    pendingRemoval = true;
                }
                markUsed();
            }
            dispatch();
        } finally {
            unlockAndFlush();
        }
    }

    private void requeueHeldBy(Object holder) {
        List<QueueEntry> held = new ArrayList<>();
        for (QueueEntry e : unsettled.values()) {
            if (e.holder == holder) {
                held.add(e);
            }
        }
        for (QueueEntry e : held) {
            requeueEntry(e, false);
        }
    }

    /**
     * A synchronous get (0-9-1 basic.get). The caller owns one reference to the returned message
     * and releases it when done (with auto-ack the queue's own reference is handed over).
     */
    public GetResult get(boolean autoAck) {
        lock.lock();
        try {
            requireNotDeleted();
            markUsed();
            QueueEntry e = nextLiveEntry();
            if (e == null) {
                return new GetResult(null, clampToInt(readyCount()));
            }
            Delivery d = handOut(e, GET_HOLDER, autoAck);
            if (!autoAck) {
                e.message.retain();
            }
            afterReadyChange();
            return new GetResult(d, clampToInt(readyCount()));
        } finally {
            unlockAndFlush();
        }
    }

    /** Takes the next ready entry that has not expired, expiring the ones in front of it. */
    private QueueEntry nextLiveEntry() {
        long now = 0;
        while (!ready.isEmpty()) {
            QueueEntry e = takeReady();
            if (e.expiresAt != NO_EXPIRY) {
                if (now == 0) {
                    now = host.scheduler().nowMillis();
                }
                if (e.expiredAt(now)) {
                    leave(e, DeathReason.EXPIRED);
                    continue;
                }
            }
            return e;
        }
        return null;
    }

    private void dispatch() {
        if (dispatching) {
            dispatchAgain = true;
            return;
        }
        dispatching = true;
        try {
            do {
                dispatchAgain = false;
                if (consumers.hasFilters()) {
                    dispatchFiltered();
                    continue;
                }
                while (!ready.isEmpty()) {
                    Subscription s = consumers.pick();
                    if (s == null) {
                        break;
                    }
                    QueueEntry e = nextLiveEntry();
                    if (e == null) {
                        break;
                    }
                    deliverTo(s, e);
                }
            } while (dispatchAgain);
        } finally {
            dispatching = false;
        }
    }

    /**
     * Dispatch when some consumer has a filter: each ready message goes to a consumer whose filter
     * accepts it; the ones no consumer that has room accepts are passed over and put back in
     * their places afterwards, so they wait for a matching consumer without holding up the
     * messages behind them. Each pass looks at every ready message at most once. Lock held.
     */
    private void dispatchFiltered() {
        List<QueueEntry> passedOver = null;
        while (!ready.isEmpty() && consumers.pick() != null) {
            QueueEntry e = nextLiveEntry();
            if (e == null) {
                break;
            }
            Subscription s = consumers.pick(e.message);
            if (s == null) {
                if (passedOver == null) {
                    passedOver = new ArrayList<>();
                }
                passedOver.add(e);
            } else {
                deliverTo(s, e);
            }
        }
        if (passedOver != null) {
            for (QueueEntry e : passedOver) {
                addReady(e, true);
            }
            afterReadyChange();
        }
    }

    /** Hands one entry to a consumer, inside its window. Lock held. */
    private void deliverTo(Subscription s, QueueEntry e) {
        Delivery d = handOut(e, s, s.spec().autoAck());
        if (s.spec().window() == ConsumerSpec.Window.CREDIT) {
            s.credit--;
        }
        boolean wasDispatching = dispatching;
        dispatching = true;
        try {
            s.sink().deliver(s, d);
        } finally {
            dispatching = wasDispatching;
        }
        if (s.spec().autoAck()) {
            e.message.release();
        }
        if (!wasDispatching && dispatchAgain) {
            dispatch();
        }
    }

    /**
     * Moves a ready entry out to a holder. Auto-ack entries leave the queue now; the caller
     * releases their reference after the sink has seen them.
     */
    private Delivery handOut(QueueEntry e, Object holder, boolean autoAck) {
        deliveredTotal++;
        Delivery d = new Delivery(name(), e.seq, e.message, e.redelivered, e.deliveryCount);
        if (autoAck) {
            settledTotal++;
            paging.budget().giveBack(e.size());
            if (e.stored) {
                host.store().remove(key, e.seq);
            }
        } else {
            if (!e.redelivered && e.stored && isStored(e.message)) { // ephemeral entries never come back
                host.store().markDelivered(key, e.seq);
            }
            e.holder = holder;
            unsettled.put(e.seq, e);
            if (holder instanceof Subscription s) {
                s.unsettled++;
                congestion.handedOut(s);
            }
        }
        return d;
    }

    // ---------------------------------------------------------------- settlement

    /** Settles a delivery as consumed. Returns false when the queue holds no such delivery. */
    public boolean ack(long deliveryId) {
        lock.lock();
        try {
            QueueEntry e = takeUnsettled(deliveryId);
            if (e == null) {
                return false;
            }
            settledTotal++;
            forget(e);
            dispatch();
            return true;
        } finally {
            unlockAndFlush();
        }
    }

    /** Settles several deliveries under one lock; returns how many were known. */
    public int ack(long[] deliveryIds, int count) {
        lock.lock();
        try {
            int known = 0;
            for (int i = 0; i < count; i++) {
                QueueEntry e = takeUnsettled(deliveryIds[i]);
                if (e != null) {
                    known++;
                    settledTotal++;
                    forget(e);
                }
            }
            dispatch();
            return known;
        } finally {
            unlockAndFlush();
        }
    }

    /**
     * Puts a delivery back at its original place, marked redelivered. With {@code countDelivery}
     * its delivery count grows by one and {@code x-delivery-limit} applies.
     */
    public boolean requeue(long deliveryId, boolean countDelivery) {
        lock.lock();
        try {
            QueueEntry e = takeUnsettled(deliveryId);
            if (e == null) {
                return false;
            }
            requeueEntry(e, countDelivery);
            dispatch();
            afterReadyChange();
            return true;
        } finally {
            unlockAndFlush();
        }
    }

    /** Rejects a delivery without requeue: it is dead-lettered (reason rejected) or dropped. */
    public boolean reject(long deliveryId) {
        lock.lock();
        try {
            QueueEntry e = takeUnsettled(deliveryId);
            if (e == null) {
                return false;
            }
            leave(e, DeathReason.REJECTED);
            dispatch();
            return true;
        } finally {
            unlockAndFlush();
        }
    }

    private QueueEntry takeUnsettled(long deliveryId) {
        QueueEntry e = unsettled.remove(deliveryId);
        if (e != null && e.holder instanceof Subscription s) {
            s.unsettled--;
            congestion.settled(s);
        }
        if (e != null) {
            e.holder = null;
        }
        return e;
    }

    private void requeueEntry(QueueEntry e, boolean countDelivery) {
        if (e.holder != null) {
            unsettled.remove(e.seq);
            if (e.holder instanceof Subscription s) {
                s.unsettled--;
                congestion.settled(s);
            }
            e.holder = null;
        }
        e.redelivered = true;
        if (countDelivery) {
            e.deliveryCount++;
            if (arguments.deliveryLimit() >= 0 && e.deliveryCount > arguments.deliveryLimit()) {
                leave(e, DeathReason.DELIVERY_LIMIT);
                return;
            }
        }
        if (e.stored) {
            host.store().updateDelivery(key, e.seq, e.deliveryCount, true);
        }
        if (backlog.returnToRun(e)) {
            lookAgainFrom(e.seq);
        } else if (e.stored && backlog.returnToRange(e.seq, e.size())) {
            letGo(e); // the store holds it, with the delivery count just recorded
            lookAgainFrom(e.seq);
        } else {
            addReady(e, true);
        }
    }

    // ---------------------------------------------------------------- leaving the queue

    /** The entry leaves for good: dead-lettered when the queue has a DLX, else dropped. */
    private void leave(QueueEntry e, DeathReason reason) {
        paging.budget().giveBack(e.size());
        if (e.stored) {
            host.store().remove(key, e.seq);
        }
        if (arguments.deadLetterExchange() != null) {
            addDeadLetter(e.message, reason); // the letter takes over the entry's reference
        } else {
            e.message.release();
        }
    }

    private void forget(QueueEntry e) {
        paging.budget().giveBack(e.size());
        if (e.stored) {
            host.store().remove(key, e.seq);
        }
        e.message.release();
    }

    private void addDeadLetter(Message m, DeathReason reason) {
        if (arguments.deadLetterExchange() == null) {
            m.release();
            return;
        }
        if (pendingDeadLetters == null) {
            pendingDeadLetters = new ArrayList<>(2);
        }
        pendingDeadLetters.add(new DeadLetter(m, reason));
    }

    private void addReady(QueueEntry e, boolean requeued) {
        if (requeued) {
            ready.addRequeued(e);
        } else {
            ready.addFresh(e);
        }
        if (e.expiresAt != NO_EXPIRY) {
            expiringReady++;
        }
    }

    private QueueEntry takeReady() {
        QueueEntry e = ready.poll();
        if (e != null && e.expiresAt != NO_EXPIRY) {
            expiringReady--;
        }
        return e;
    }

    // ---------------------------------------------------------------- recovery

    /**
     * Gives the queue back what a store kept for it, at broker start and before the queue is used:
     * the entries stay in the store, the queue takes their count and positions and reads them in
     * batches as its head window needs them (a queue that does not page out reads them all). Each
     * comes back ready, in position order, with its expiry, priority and delivery count; one that
     * had been handed out comes back marked redelivered. New messages continue after the highest
     * restored position. Nothing expires and no timer runs until {@link #expireDue()}, which the
     * broker calls once every queue is restored, so that dead letters find their queues.
     *
     * @return completes when the first read has landed (the whole backlog, for a queue that does
     *         not page out), so that the queue has messages to give when the broker opens
     * @throws IllegalStateException when the queue has already been used
     */
    public CompletableFuture<Void> restore(StoredQueue stored) {
        lock.lock();
        try {
            if (deleted || stored.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            if (!ready.isEmpty() || !backlog.isEmpty() || !unsettled.isEmpty() || nextSeq != 1) {
                throw new IllegalStateException(this + " is in use; restore must come first");
            }
            recovering = true;
            backlog.addStoredRange(stored.afterSeq(), stored.lastSeq(), stored.count(), stored.bytes());
            nextSeq = stored.lastSeq() + 1;
            return pageIns.restoring();
        } finally {
            unlockAndFlush();
        }
    }

    /** Expires (and dead-letters) the heads that are due now, aims the expiry timer at the next, and lets timers run. */
    public void expireDue() {
        lock.lock();
        try {
            recovering = false;
        } finally {
            lock.unlock();
        }
        expireHeads();
    }

    // ---------------------------------------------------------------- paging in

    /** True when the head window has fallen below half its size (always, for a queue that does not page out). */
    private boolean headIsLow() {
        PagingSettings window = paging.settings();
        return !pagesOut() || (ready.count() < window.windowEntries() / 2 && ready.bytes() < window.windowBytes() / 2);
    }

    /**
     * Moves the backlog's front toward the head when the head window is low: a run held in memory
     * joins the head at once (returns true: the caller dispatches), a stored range is asked of the
     * store by a read started after the lock is released. While the budget is exceeded, a queue
     * that pages out reads only when its head is empty. Lock held.
     */
    private boolean refillHead() {
        if (deleted || pageIns.underWay() || backlog.isEmpty() || !headIsLow()) {
            return false;
        }
        List<QueueEntry> run = backlog.takeFirstRun();
        if (run != null) {
            for (QueueEntry e : run) {
                addReady(e, false);
            }
            return true;
        }
        boolean pagesOut = pagesOut();
        if (pagesOut && paging.budget().exceeded() && !ready.isEmpty()) {
            return false;
        }
        Backlog.StoredRange range = backlog.firstRange();
        PagingSettings window = paging.settings();
        int entries = pagesOut ? window.windowEntries() - ready.count() : window.windowEntries();
        long bytes = pagesOut ? window.windowBytes() - ready.bytes() : window.windowBytes();
        pageIns.ask(new ReadRequest(range.afterSeq, range.lastSeq, entries, bytes), false);
        return false;
    }

    /** Starts a read; its answer may come on this thread, so no lock may be held. */
    private void startPageIn(PageIns.Read read) {
        host.store().read(key, read.request(), batch -> {
            if (read.scan()) {
                scanned(read, batch);
            } else {
                pagedIn(read, batch);
            }
        });
    }

    /** The store's answer to a read: the entries join the head window in order. */
    private void pagedIn(PageIns.Read read, StoredBatch batch) {
        lock.lock();
        try {
            if (!stillWanted(read, batch)) {
                return;
            }
            Backlog.StoredRange range = backlog.firstRange();
            if (batch.failure() != null || range == null || range.afterSeq != read.request().afterSeq()) {
                readFailed(batch);
                return;
            }
            List<QueueEntry> joining = new ArrayList<>(batch.entries().size());
            long skipped = 0;
            long skippedBytes = 0;
            for (StoredEntry stored : batch.entries()) {
                if (backlog.isTaken(stored.seq())) { // a filtered consumer took it from behind the head
                    skipped++;
                    skippedBytes += stored.message().bodySize();
                    stored.message().release();
                } else {
                    joining.add(entryOf(stored));
                }
            }
            backlog.pagedIn(range, batch.lastSeq(), batch.scanned() - skipped, batch.scannedBytes() - skippedBytes,
                    batch.exhausted());
            for (QueueEntry e : joining) {
                paging.budget().take(e.size());
                addReady(e, false);
            }
            dispatch();
            if (arguments.overflow() == Overflow.DROP_HEAD) {
                dropHeadWhileOverLimit();
            }
            afterReadyChange();
            if (pagesOut() || backlog.storedCount() == 0) {
                pageIns.restoreDone();
            }
        } finally {
            unlockAndFlush();
        }
    }

    /** True when the answer to {@code read} is still wanted, else its messages are released. Lock held. */
    private boolean stillWanted(PageIns.Read read, StoredBatch batch) {
        if (deleted || !pageIns.answered(read)) {
            batch.release();
            return false;
        }
        return true;
    }

    private QueueEntry entryOf(StoredEntry stored) {
        QueueEntry e = new QueueEntry(stored.seq(), stored.message(), stored.expiresAt(), ready.levelOf(stored.priority()));
        e.deliveryCount = stored.deliveryCount();
        e.redelivered = stored.redelivered();
        e.stored = true;
        return e;
    }

    /** A read failed (or no longer fits the backlog): it is asked again later. Lock held. */
    private void readFailed(StoredBatch batch) {
        batch.release();
        LOG.log(System.Logger.Level.WARNING, "reading " + this + " from the store failed; trying again in "
                + PAGE_IN_RETRY_MILLIS + " ms", batch.failure());
        pageIns.retryLater(host.scheduler(), this::retryPageIn, PAGE_IN_RETRY_MILLIS);
        pageIns.restoreDone();
    }

    /** Timer task after a failed read. */
    private void retryPageIn() {
        lock.lock();
        try {
            pageIns.retrying();
        } finally {
            unlockAndFlush();
        }
    }

    // ---------------------------------------------------------------- filtered consumers behind the head

    /**
     * Lets consumers with a filter look behind the head (see the class comment) when every ready
     * message has been passed over and some consumer still has room: the backlog's entries after
     * the least any of them has looked at are offered in order, those in memory now, those of the
     * next stored range by a scan read started once the lock is released. Lock held.
     */
    private void scanBacklog() {
        if (deleted || !consumers.hasFilters() || ready.isEmpty() || backlog.isEmpty() || pageIns.underWay()) {
            return;
        }
        List<Subscription> looking = consumers.ableToTake();
        long from = Long.MAX_VALUE;
        for (Subscription s : looking) {
            from = Math.min(from, s.scannedTo);
        }
        if (looking.isEmpty() || from >= backlog.lastSeq()) {
            return;
        }
        Backlog.Ahead ahead = backlog.ahead(from);
        long now = host.scheduler().nowMillis();
        for (QueueEntry e : ahead.inMemory()) {
            if (looking.isEmpty()) {
                return;
            }
            Subscription s = e.inRun && !e.outOfRun && !e.expiredAt(now) ? consumers.pick(e.message) : null;
            if (s != null) {
                backlog.takeOutOfRun(e);
                deliverTo(s, e);
            }
            lookedAt(looking, e.seq);
        }
        Backlog.StoredRange range = ahead.stored();
        if (range != null && !looking.isEmpty() && !pageIns.underWay()) {
            lookedAt(looking, range.afterSeq); // nothing of the backlog lies between the walk and the range
            PagingSettings window = paging.settings();
            pageIns.ask(new ReadRequest(Math.max(from, range.afterSeq), range.lastSeq, window.windowEntries(),
                    window.windowBytes()), true);
        }
    }

    /**
     * The answer to a scan read: each entry still in its range goes to a consumer that can take it
     * and whose filter accepts it; the others are dropped from memory and stay on disk.
     */
    private void scanned(PageIns.Read read, StoredBatch batch) {
        lock.lock();
        try {
            if (!stillWanted(read, batch)) {
                return;
            }
            if (batch.failure() != null) {
                readFailed(batch);
                return;
            }
            List<Subscription> looking = consumers.ableToTake();
            looking.removeIf(s -> s.scannedTo < read.request().afterSeq());
            long now = host.scheduler().nowMillis();
            for (StoredEntry stored : batch.entries()) {
                Backlog.StoredRange range = backlog.isTaken(stored.seq()) || stored.expiresAt() <= now
                        ? null : backlog.rangeHolding(stored.seq());
                Subscription s = range == null ? null : consumers.pick(stored.message());
                if (s == null) {
                    stored.message().release();
                } else {
                    QueueEntry e = entryOf(stored);
                    backlog.takeFromRange(range, e.seq, e.size());
                    paging.budget().take(e.size());
                    deliverTo(s, e);
                }
                lookedAt(looking, stored.seq());
            }
            lookedAt(looking, batch.lastSeq());
        } finally {
            unlockAndFlush();
        }
    }

    /**
     * The consumers still looking have looked at position {@code seq}; those that can take no
     * more stop looking (they look again from there once they have room). Lock held.
     */
    private static void lookedAt(List<Subscription> looking, long seq) {
        for (Iterator<Subscription> it = looking.iterator(); it.hasNext(); ) {
            Subscription s = it.next();
            s.scannedTo = Math.max(s.scannedTo, seq);
            if (!s.canTake()) {
                it.remove();
            }
        }
    }

    /** An entry came back behind the head at {@code seq}: every consumer looks at it again. Lock held. */
    private void lookAgainFrom(long seq) {
        for (Subscription s : consumers.snapshot()) {
            s.scannedTo = Math.min(s.scannedTo, seq - 1);
        }
    }

    // ---------------------------------------------------------------- browsing

    /**
     * Opens a browser over the ready messages (browsing: AMQP 1.0 distribution mode {@code copy},
     * a JMS QueueBrowser): it shows, in delivery order and without taking them, the messages
     * ready now, those only the store holds included; unsettled and expired ones are left out.
     */
    public QueueBrowser browser() {
        lock.lock();
        try {
            requireNotDeleted();
            return new QueueBrowser(this, nextSeq - 1);
        } finally {
            lock.unlock();
        }
    }

    /**
     * One step of a browser: retained copies of the ready messages at positions after
     * {@code afterSeq} (up to {@code untilSeq}) held in memory up to the next stored range, or, when
     * there are none, a batch of that range read from the store. Completes on this thread or the
     * store's reader thread, with no lock held.
     */
    CompletableFuture<QueueBrowser.Step> browseStep(long afterSeq, long untilSeq) {
        ReadRequest request;
        lock.lock();
        try {
            if (deleted) {
                return CompletableFuture.completedFuture(new QueueBrowser.Step(List.of(), untilSeq, true));
            }
            long now = host.scheduler().nowMillis();
            List<Message> copies = new ArrayList<>();
            Consumer<QueueEntry> copy = e -> {
                if (e.seq > afterSeq && e.seq <= untilSeq && !e.expiredAt(now)) {
                    copies.add(e.message.retain());
                }
            };
            ready.forEachInOrder(copy);
            Backlog.Ahead ahead = backlog.ahead(afterSeq);
            ahead.inMemory().forEach(copy);
            Backlog.StoredRange range = ahead.stored();
            long reached = range == null ? untilSeq : Math.max(afterSeq, range.afterSeq);
            if (reached >= untilSeq) {
                return CompletableFuture.completedFuture(new QueueBrowser.Step(copies, untilSeq, true));
            }
            if (!copies.isEmpty()) {
                return CompletableFuture.completedFuture(new QueueBrowser.Step(copies, reached, false));
            }
            PagingSettings window = paging.settings();
            request = new ReadRequest(reached, Math.min(range.lastSeq, untilSeq), window.windowEntries(),
                    window.windowBytes());
        } finally {
            lock.unlock();
        }
        CompletableFuture<QueueBrowser.Step> step = new CompletableFuture<>();
        host.store().read(key, request, batch -> step.complete(browsed(request, batch)));
        return step;
    }

    /** Copies of what a browser's read found, without the entries out with consumers or expired. */
    private QueueBrowser.Step browsed(ReadRequest request, StoredBatch batch) {
        if (batch.failure() != null) {
            LOG.log(System.Logger.Level.WARNING, "browsing " + this + ": reading the store failed", batch.failure());
            return new QueueBrowser.Step(List.of(), request.toSeq(), true);
        }
        List<Message> copies = new ArrayList<>(batch.entries().size());
        lock.lock();
        try {
            long now = host.scheduler().nowMillis();
            for (StoredEntry stored : batch.entries()) {
                if (deleted || unsettled.containsKey(stored.seq()) || stored.expiresAt() <= now) {
                    stored.message().release();
                } else {
                    copies.add(stored.message());
                }
            }
        } finally {
            lock.unlock();
        }
        return new QueueBrowser.Step(copies, batch.lastSeq(), false);
    }

    // ---------------------------------------------------------------- TTL and queue expiry

    /** Keeps the expiry timer aimed at the earliest head expiry. Lock held. */
    private void afterReadyChange() {
        if (expiringReady == 0 || deleted || recovering) {
            return;
        }
        long at = ready.earliestHeadExpiry();
        if (at == NO_EXPIRY || at >= expiryTimerAt) {
            return;
        }
        if (expiryTimer != null) {
            expiryTimer.cancel();
        }
        expiryTimerAt = at;
        expiryTimer = host.scheduler().schedule(this::expireHeads, at - host.scheduler().nowMillis());
    }

    /** Timer task: removes expired messages at the heads, then re-aims the timer. */
    void expireHeads() {
        lock.lock();
        try {
            expiryTimer = null;
            expiryTimerAt = NO_EXPIRY;
            if (deleted) {
                return;
            }
            long now = host.scheduler().nowMillis();
            ready.removeExpiredHeads(now, e -> {
                if (e.expiresAt != NO_EXPIRY) {
                    expiringReady--;
                }
                leave(e, DeathReason.EXPIRED);
            });
            afterReadyChange();
        } finally {
            unlockAndFlush();
        }
    }

    /** Records a use (declare, consume, get) for {@code x-expires}. Lock held. */
    private void markUsed() {
        if (arguments.expires() < 0) {
            return;
        }
        lastUsedAt = host.scheduler().nowMillis();
        if (consumers.isEmpty() && idleTimer == null) {
            idleTimer = host.scheduler().schedule(this::checkIdle, arguments.expires());
        }
    }

    /** A redeclare counts as a use for {@code x-expires}. */
    public void touch() {
        lock.lock();
        try {
            markUsed();
        } finally {
            lock.unlock();
        }
    }

    private void cancelIdleTimer() {
        if (idleTimer != null) {
            idleTimer.cancel();
            idleTimer = null;
        }
    }

    /** Timer task: deletes the queue when it has been unused for {@code x-expires}. */
    void checkIdle() {
        lock.lock();
        try {
            idleTimer = null;
            if (deleted || !consumers.isEmpty()) {
                return;
            }
            long idleFor = host.scheduler().nowMillis() - lastUsedAt;
            if (idleFor >= arguments.expires()) {
                pendingRemoval = true;
            } else {
                idleTimer = host.scheduler().schedule(this::checkIdle, arguments.expires() - idleFor);
            }
        } finally {
            unlockAndFlush();
        }
    }

    // ---------------------------------------------------------------- administration

    /**
     * Changes the arguments of a live queue, as a policy change does. The priority levels and
     * single active consumer are fixed when the queue is made (RabbitMQ does not change them
     * either): the new arguments keep the old values of both. A lower length limit drops (or
     * dead-letters) from the head at once; a new {@code x-expires} restarts the idle timer; a new
     * message TTL applies to messages enqueued from now on.
     */
    public void updateArguments(QueueArguments updated) {
        lock.lock();
        try {
            if (deleted) {
                return;
            }
            QueueArguments old = arguments;
            arguments = new QueueArguments(updated.messageTtl(), updated.expires(), updated.maxLength(),
                    updated.maxLengthBytes(), updated.overflow(), updated.deadLetterExchange(),
                    updated.deadLetterRoutingKey(), old.maxPriority(), updated.deliveryLimit(),
                    old.singleActiveConsumer());
            dropHeadWhileOverLimit();
            cancelIdleTimer();
            markUsed();
            afterReadyChange();
        } finally {
            unlockAndFlush();
        }
    }

    /** Removes every ready message (not the unsettled ones); returns how many. */
    public int purge() {
        lock.lock();
        try {
            int n = clampToInt(readyCount());
            ready.drainTo(this::forget);
            expiringReady = 0;
            backlog.clear(this::forget, (afterSeq, lastSeq) -> host.store().removeRange(key, afterSeq, lastSeq));
            pageIns.forget();
            return n;
        } finally {
            unlockAndFlush();
        }
    }

    /**
     * Marks the queue deleted, drops its messages and tells its consumers. Called by the virtual
     * host, which has already unregistered the queue. Returns the number of ready messages dropped.
     */
    public int delete() {
        int dropped = messageCount();
        List<Subscription> cancelled = shutDown(true);
        for (Subscription s : cancelled) {
            s.sink().cancelledByBroker(s);
        }
        return dropped;
    }

    /**
     * Releases the queue's memory at broker shutdown; what a store holds stays for the next start.
     */
    public void close() {
        shutDown(false);
    }

    private List<Subscription> shutDown(boolean dropStored) {
        lock.lock();
        try {
            if (deleted) {
                return List.of();
            }
            deleted = true;
            ready.drainTo(this::letGo);
            expiringReady = 0;
            backlog.clear(this::letGo, (afterSeq, lastSeq) -> { });
            pageIns.forget();
            for (QueueEntry e : unsettled.values()) {
                letGo(e);
            }
            unsettled.clear();
            pageIns.restoreDone();
            List<Subscription> cancelled = consumers.snapshot();
            for (Subscription s : cancelled) {
                s.cancelled = true;
            }
            consumers.clear();
            congestion.clear();
            if (expiryTimer != null) {
                expiryTimer.cancel();
            }
            cancelIdleTimer();
            if (dropStored) { // a transient queue may have paged out too
                host.store().deleteQueue(key);
            }
            return cancelled;
        } finally {
            pendingRemoval = false;
            unlockAndFlush();
        }
    }

    /** Drops the entry from memory only; what a store holds stays. Lock held. */
    private void letGo(QueueEntry e) {
        paging.budget().giveBack(e.size());
        e.message.release();
    }

    private static int clampToInt(long n) {
        return (int) Math.min(Integer.MAX_VALUE, n);
    }

    public boolean isDeleted() {
        lock.lock();
        try {
            return deleted;
        } finally {
            lock.unlock();
        }
    }

    private void requireNotDeleted() {
        if (deleted) {
            throw BrokerException.notFound("queue", name(), host.vhostName());
        }
    }

    // ---------------------------------------------------------------- congestion

    /** True while the consumers fall behind (see the class comment). Lock-free, any thread. */
    public boolean congested() {
        return congestion.isOn();
    }

    /**
     * Runs {@code action} once this queue is not congested: at once on the calling thread when it
     * is not, else on the thread whose work clears the congestion (or deletes the queue), without
     * the queue's lock held. The action must be quick and must not throw.
     */
    public void whenUncongested(Runnable action) {
        boolean kept;
        lock.lock();
        try {
            kept = congestion.await(action);
        } finally {
            unlockAndFlush();
        }
        if (!kept) {
            action.run();
        }
    }

    /** A consistent view of the counters, for declare-ok, management and tests. */
    public QueueStats stats() {
        lock.lock();
        try {
            return new QueueStats(clampToInt(readyCount()), unsettled.size(), consumers.size(), readyBytes(),
                    publishedTotal, deliveredTotal, settledTotal, backlog.storedCount());
        } finally {
            lock.unlock();
        }
    }

    /** Ready messages (what queue.declare-ok reports as message-count). */
    public int messageCount() {
        return stats().ready();
    }

    public int consumerCount() {
        return stats().consumers();
    }

    /** The active consumer's tag under single active consumer, else null. */
    public String activeConsumerTag() {
        lock.lock();
        try {
            Subscription s = consumers.active();
            return s == null ? null : s.tag();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refills the head window from the backlog (or lets filtered consumers look behind it),
     * releases the lock and then runs the work collected under it: publishers waiting for the
     * congestion to clear, dead letters, deletion, a read of the store.
     */
    private void unlockAndFlush() {
        if (lock.getHoldCount() > 1) {
            lock.unlock();
            return;
        }
        while (refillHead()) {
            dispatch();
            afterReadyChange();
        }
        scanBacklog();
        List<DeadLetter> letters = pendingDeadLetters;
        pendingDeadLetters = null;
        boolean remove = pendingRemoval && !deleted;
        pendingRemoval = false;
        PageIns.Read read = pageIns.takeToStart();
        List<Runnable> uncongested = congestion.update(readyCount(), deleted);
        lock.unlock();
        if (uncongested != null) {
            for (Runnable waiter : uncongested) {
                waiter.run();
            }
        }
        if (letters != null) {
            host.deadLetter(this, letters);
        }
        if (remove) {
            host.removeQueue(this);
        }
        if (read != null) {
            startPageIn(read);
        }
    }

    @Override
    public String toString() {
        return "queue '" + name() + "' in vhost '" + host.vhostName() + "'";
    }
}
