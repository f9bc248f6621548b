package dev.sluice.amqp10;

import dev.sluice.core.message.Message;
import dev.sluice.core.queue.ConsumerSpec;
import dev.sluice.core.queue.Delivery;
import dev.sluice.core.queue.DeliverySink;
import dev.sluice.core.queue.Queue;
import dev.sluice.core.queue.Subscription;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Outcome;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.transaction.TransactionalState;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;

/**
 * A link on which the client consumes (our side is the sender): a credit-window subscription to a
 * core queue. Link credit from the client's flow frames becomes the subscription's credit (minus
 * what is already on its way); {@code drain} delivers what is there and gives up the rest.
 * Deliveries reach the event loop through the connection's {@link Outbox}, are encoded
 * ({@link OutboundMessages}) and handed to proton-j. Settlement maps onto the core: accepted =
 * ack, released = requeue, modified with delivery-failed = requeue counting a delivery, modified
 * with undeliverable-here and rejected = reject (dead-letter). A link whose sender settle mode is
 * {@code settled} takes messages pre-settled (at most once). When the link ends, its unsettled
 * deliveries go back to the queue.
 *
 * <p>Threading: {@link #deliver} and {@link #canAccept} run on whichever thread dispatches (the
 * queue's lock held); everything else on the connection's event loop.
 */
final class ConsumeLink implements LinkHandler, DeliverySink {
    static final Symbol RESOURCE_DELETED = Symbol.valueOf("amqp:resource-deleted");

    private final Amqp10Connection conn;
    private final Sender sender;
    private final Queue queue;
    private final boolean preSettled;
    private final Predicate<Message> filter;
    private final Consumer<Boolean> onGone;
    private final AtomicInteger waiting = new AtomicInteger();
    private Subscription subscription;
    private long nextTag;
    private boolean gone;

    /** @param onGone what happens to the queue when the link ends, told whether the peer closed it */
    ConsumeLink(Amqp10Connection conn, Sender sender, Queue queue, boolean preSettled, Predicate<Message> filter,
                Consumer<Boolean> onGone) {
        this.conn = conn;
        this.sender = sender;
        this.queue = queue;
        this.preSettled = preSettled;
        this.filter = filter;
        this.onGone = onGone;
    }

    /** Subscribes; messages flow once the client grants credit. */
    void start(String tag) {
        subscription = queue.subscribe(ConsumerSpec.of(tag, conn.owner()).withAutoAck(preSettled).withCredit()
                .withFilter(filter), this);
        onFlow();
    }

    @Override
    public Session session() {
        return sender.getSession();
    }

    // ---------------------------------------------------------------- from the queue (any thread)

    @Override
    public void deliver(Subscription s, Delivery d) {
        d.message().retain();
        waiting.incrementAndGet();
        conn.outbox().offer(this, d);
    }

    @Override
    public boolean canAccept() {
        return conn.outbox().hasRoom() && conn.writable();
    }

    @Override
    public void cancelledByBroker(Subscription s) {
        conn.runOnLoop(() -> {
            if (!gone) {
                sender.setCondition(ErrorConditions.of(RESOURCE_DELETED, "queue '" + queue.name() + "' was deleted"));
                sender.close();
                sender.setContext(null);
                conn.unregister(this);
                onGone(false);
            }
        });
    }

    // ---------------------------------------------------------------- event loop

    void resume() {
        if (subscription != null && !gone) {
            subscription.resume();
        }
    }

    @Override
    public void onFlow() {
        if (subscription == null || gone) {
            return;
        }
        subscription.setCredit(Math.max(0, sender.getCredit() - waiting.get()));
        if (sender.getDrain()) {
            subscription.drain();
            conn.outbox().drainNow();
            sender.drained();
        }
    }

    /** Hands one delivery from the outbox to proton-j; a delivery for a link already gone goes back. */
    void write(Delivery d) {
        waiting.decrementAndGet();
        Message m = d.message();
        try {
            if (gone || conn.isGone()) {
                if (!preSettled) {
                    queue.requeue(d.deliveryId(), false);
                }
                return;
            }
            ByteBuf bytes = conn.outbound().encode(m, d.deliveryCount(), conn.ctx().alloc());
            try {
                org.apache.qpid.proton.engine.Delivery pd = sender.delivery(ByteBuffer.allocate(8).putLong(nextTag++).array());
                sender.send(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
                sender.advance();
                if (preSettled) {
                    pd.settle();
                } else {
                    pd.setContext(d.deliveryId());
                }
            } finally {
                bytes.release();
            }
        } finally {
            m.release();
        }
    }

    @Override
    public void onDelivery(org.apache.qpid.proton.engine.Delivery pd) {
        if (!(pd.getContext() instanceof Long deliveryId)) {
            return;
        }
        DeliveryState state = pd.getRemoteState();
        if (state == null && !pd.remotelySettled()) {
            return;
        }
        pd.setContext(null);
        if (state instanceof TransactionalState ts) {
            Transaction t = conn.transactions().get(ts.getTxnId());
            if (t != null) {
                t.add(new HeldSettlement(deliveryId, ts.getOutcome()));
            }
        } else {
            settle(queue, deliveryId, state);
        }
        pd.settle();
    }

    /** Applies a client's outcome to the core delivery. */
    static void settle(Queue queue, long deliveryId, Object state) {
        if (state == null || state instanceof Accepted) {
            queue.ack(deliveryId);
        } else if (state instanceof Released) {
            queue.requeue(deliveryId, false);
        } else if (state instanceof Modified m) {
            if (Boolean.TRUE.equals(m.getUndeliverableHere())) {
                queue.reject(deliveryId);
            } else {
                queue.requeue(deliveryId, Boolean.TRUE.equals(m.getDeliveryFailed()));
            }
        } else if (state instanceof Rejected) {
            queue.reject(deliveryId);
        } else {
            queue.requeue(deliveryId, false);
        }
    }

    @Override
    public void onGone(boolean closedByPeer) {
        if (gone) {
            return;
        }
        gone = true;
        if (subscription != null) {
            subscription.cancelAndReturnUnsettled();
        }
        onGone.accept(closedByPeer);
    }

    /**
     * A settlement inside a transaction: it is applied at commit; at rollback the delivery goes
     * back to the queue counted as a failed delivery, so it comes again marked redelivered.
     *
     * <p>Threading: confined to the connection's event loop.
     */
    private final class HeldSettlement implements Transaction.Work {
        private final long deliveryId;
        private final Outcome outcome;

        HeldSettlement(long deliveryId, Outcome outcome) {
            this.deliveryId = deliveryId;
            this.outcome = outcome;
        }

        @Override
        public boolean commit() {
            settle(queue, deliveryId, outcome);
            return false;
        }

        @Override
        public void rollback() {
            queue.requeue(deliveryId, true);
        }
    }
}
