package dev.sluice.core.queue;

import dev.sluice.core.BrokerException;
import dev.sluice.core.ErrorKind;
import dev.sluice.core.Owner;
import dev.sluice.core.Scheduler;
import dev.sluice.core.message.Message;
import dev.sluice.store.MessageStore;
import dev.sluice.store.QueueKey;
import dev.sluice.store.StoredEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

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
 * <p>Congestion: a consumer that settles but set no prefetch limit gives the queue no window to
 * stop at, so whatever publishers send goes on to it and waits in its socket and its client's
 * memory. While such a consumer is attached and the backlog (ready messages plus the deliveries
 * such consumers have not settled) is at least {@link #CONGESTION_MESSAGES}, the queue is
 * congested: its consumers fall behind its publishers. Adapters read {@link #congested()} after a
 * publish and may stop reading from that publisher until {@link #whenUncongested} calls back, once
 * the backlog is down to half the mark. A queue whose consumers all have a window (or that has no
 * consumer) is never congested: it buffers any number of messages, as RabbitMQ's queues do.
 */
public final class Queue {
    /** Holder marker for messages taken with a synchronous get. */
    static final Object GET_HOLDER = new Object();
    private static final long NO_EXPIRY = Long.MAX_VALUE;
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
    private final ReentrantLock lock = new ReentrantLock();

    private final ReadyMessages ready;
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

    /** Unsettled deliveries held by consumers with no prefetch limit (part of the backlog). */
    private int unboundedUnsettled;
    /** Attached consumers that settle but have no prefetch limit. */
    private int unboundedConsumers;
    private volatile boolean congested;
    private List<Runnable> uncongestedWaiters;

    private Scheduler.Timer expiryTimer;
    private long expiryTimerAt = NO_EXPIRY;
    private Scheduler.Timer idleTimer;
    private long lastUsedAt;

    private long publishedTotal;
    private long deliveredTotal;
    private long settledTotal;

    /**
     * Makes a queue. {@code arguments} must be the parsed form of the definition's (and its
     * policies') arguments; the owner is set for exclusive queues.
     */
    public Queue(QueueDefinition definition, QueueArguments arguments, Owner exclusiveOwner, QueueHost host) {
        this.definition = definition;
        this.arguments = arguments;
        this.exclusiveOwner = exclusiveOwner;
        this.host = host;
        this.key = new QueueKey(host.vhostName(), definition.name());
        this.ready = new ReadyMessages(arguments.maxPriority());
        this.consumers = new ConsumerSet(arguments.singleActiveConsumer());
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
     * Offers a message. The queue takes its own reference when it accepts; the caller keeps its.
     */
    public EnqueueResult enqueue(Message message) {
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
            long now = host.scheduler().nowMillis();
            QueueEntry entry = new QueueEntry(nextSeq++, message.retain(), expiryOf(message, now),
                    ready.levelOf(message.properties().priority()));
            publishedTotal++;
            if (isStored(message)) {
                host.store().enqueue(key, entry.seq, entry.expiresAt, entry.priority, message);
            }
            Subscription direct = ready.isEmpty() && !dispatching ? consumers.pick(message) : null;
            if (direct != null) {
                // deliver-or-enqueue: a waiting consumer takes it at once, even with TTL 0
                deliverTo(direct, entry);
                return EnqueueResult.ACCEPTED;
            }
            addReady(entry, false);
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
        return (arguments.maxLength() >= 0 && ready.count() + 1 > arguments.maxLength())
                || (arguments.maxLengthBytes() >= 0 && ready.bytes() + size > arguments.maxLengthBytes());
    }

    private boolean overLimit() {
        return (arguments.maxLength() >= 0 && ready.count() > arguments.maxLength())
                || (arguments.maxLengthBytes() >= 0 && ready.bytes() > arguments.maxLengthBytes());
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
            if (s.unboundedWindow()) {
                unboundedConsumers++;
            }
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
            if (s.unboundedWindow()) {
                unboundedConsumers--;
            }
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
                return new GetResult(null, 0);
            }
            Delivery d = handOut(e, GET_HOLDER, autoAck);
            if (!autoAck) {
                e.message.retain();
            }
            afterReadyChange();
            return new GetResult(d, ready.count());
        } finally {
            unlockAndFlush();
        }
    }

    /**
     * The ready messages in delivery order, without taking them (browsing: AMQP 1.0 distribution
     * mode {@code copy}, a JMS QueueBrowser). Unsettled and expired messages are left out. Each
     * message is retained for the caller, who releases it.
     */
    public List<Message> browse() {
        lock.lock();
        try {
            requireNotDeleted();
            long now = host.scheduler().nowMillis();
            List<Message> copies = new ArrayList<>(ready.count());
            ready.forEachInOrder(e -> {
                if (!e.expiredAt(now)) {
                    copies.add(e.message.retain());
                }
            });
            return copies;
        } finally {
            lock.unlock();
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
            if (isStored(e.message)) {
                host.store().remove(key, e.seq);
            }
        } else {
            if (!e.redelivered && isStored(e.message)) {
                host.store().markDelivered(key, e.seq);
            }
            e.holder = holder;
            unsettled.put(e.seq, e);
            if (holder instanceof Subscription s) {
                s.unsettled++;
                if (s.unboundedWindow()) {
                    unboundedUnsettled++;
                }
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
            if (s.unboundedWindow()) {
                unboundedUnsettled--;
            }
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
                if (s.unboundedWindow()) {
                    unboundedUnsettled--;
                }
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
        if (isStored(e.message)) {
            host.store().updateDelivery(key, e.seq, e.deliveryCount, true);
        }
        addReady(e, true);
    }

    // ---------------------------------------------------------------- leaving the queue

    /** The entry leaves for good: dead-lettered when the queue has a DLX, else dropped. */
    private void leave(QueueEntry e, DeathReason reason) {
        if (isStored(e.message)) {
            host.store().remove(key, e.seq);
        }
        if (arguments.deadLetterExchange() != null) {
            addDeadLetter(e.message, reason); // the letter takes over the entry's reference
        } else {
            e.message.release();
        }
    }

    private void forget(QueueEntry e) {
        if (isStored(e.message)) {
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
     * Puts back what a store kept for this queue, at broker start and before the queue is used:
     * every entry comes back ready, in sequence order, with its expiry, priority and delivery
     * count; one that had been handed out comes back marked redelivered. New messages continue
     * after the highest restored sequence number. Nothing expires here: call {@link #expireDue()}
     * once every queue of the broker is restored, so that dead letters find their queues.
     *
     * @throws IllegalStateException when the queue has already been used
     */
    public void restore(List<StoredEntry> entries) {
        lock.lock();
        try {
            if (deleted) {
                return;
            }
            if (!ready.isEmpty() || !unsettled.isEmpty() || nextSeq != 1) {
                throw new IllegalStateException(this + " is in use; restore must come first");
            }
            for (StoredEntry stored : entries) {
                Message m = stored.message() != null ? stored.message().retain() : host.store().load(stored.messageId());
                if (m == null) {
                    continue;
                }
                QueueEntry e = new QueueEntry(stored.seq(), m, stored.expiresAt(), ready.levelOf(stored.priority()));
                e.deliveryCount = stored.deliveryCount();
                e.redelivered = stored.redelivered();
                addReady(e, false);
                nextSeq = Math.max(nextSeq, stored.seq() + 1);
            }
        } finally {
            unlockAndFlush();
        }
    }

    /** Expires (and dead-letters) the heads that are due now and aims the expiry timer at the next. */
    public void expireDue() {
        expireHeads();
    }

    // ---------------------------------------------------------------- TTL and queue expiry

    /** Keeps the expiry timer aimed at the earliest head expiry. Lock held. */
    private void afterReadyChange() {
        if (expiringReady == 0 || deleted) {
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
            int n = ready.count();
            ready.drainTo(this::forget);
            expiringReady = 0;
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
            ready.drainTo(e -> e.message.release());
            expiringReady = 0;
            for (QueueEntry e : unsettled.values()) {
                e.message.release();
            }
            unsettled.clear();
            unboundedUnsettled = 0;
            List<Subscription> cancelled = consumers.snapshot();
            for (Subscription s : cancelled) {
                s.cancelled = true;
            }
            consumers.clear();
            unboundedConsumers = 0;
            if (expiryTimer != null) {
                expiryTimer.cancel();
            }
            cancelIdleTimer();
            if (dropStored && definition.durable()) {
                host.store().deleteQueue(key);
            }
            return cancelled;
        } finally {
            pendingRemoval = false;
            unlockAndFlush();
        }
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
        return congested;
    }

    /**
     * Runs {@code action} once this queue is not congested: at once on the calling thread when it
     * is not, else on the thread whose work clears the congestion (or deletes the queue), without
     * the queue's lock held. The action must be quick and must not throw.
     */
    public void whenUncongested(Runnable action) {
        boolean now;
        lock.lock();
        try {
            now = !congested;
            if (!now) {
                if (uncongestedWaiters == null) {
                    uncongestedWaiters = new ArrayList<>(2);
                }
                uncongestedWaiters.add(action);
            }
        } finally {
            unlockAndFlush();
        }
        if (now) {
            action.run();
        }
    }

    /** Recomputes the congestion flag; returns the waiters to run when it just cleared. Lock held. */
    private List<Runnable> updateCongestion() {
        int backlog = ready.count() + unboundedUnsettled;
        boolean now = !deleted && unboundedConsumers > 0
                && backlog >= (congested ? CONGESTION_MESSAGES / 2 : CONGESTION_MESSAGES);
        if (now == congested) {
            return null;
        }
        congested = now;
        if (now) {
            return null;
        }
        List<Runnable> waiters = uncongestedWaiters;
        uncongestedWaiters = null;
        return waiters;
    }

    /** A consistent view of the counters, for declare-ok, management and tests. */
    public QueueStats stats() {
        lock.lock();
        try {
            return new QueueStats(ready.count(), unsettled.size(), consumers.size(), ready.bytes(),
                    publishedTotal, deliveredTotal, settledTotal);
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
     * Releases the lock and then runs the work collected under it: publishers waiting for the
     * congestion to clear, dead letters, deletion.
     */
    private void unlockAndFlush() {
        if (lock.getHoldCount() > 1) {
            lock.unlock();
            return;
        }
        List<DeadLetter> letters = pendingDeadLetters;
        pendingDeadLetters = null;
        boolean remove = pendingRemoval && !deleted;
        pendingRemoval = false;
        List<Runnable> uncongested = updateCongestion();
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
    }

    @Override
    public String toString() {
        return "queue '" + name() + "' in vhost '" + host.vhostName() + "'";
    }
}
