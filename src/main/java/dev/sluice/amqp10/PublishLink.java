package dev.sluice.amqp10;

import dev.sluice.core.BrokerException;
import dev.sluice.core.RoutingResult;
import dev.sluice.core.message.Message;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.transaction.TransactionalState;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Session;

/**
 * A link on which the client publishes (our side is the receiver). Each complete message is
 * converted ({@link InboundMessages}) and published through the virtual host to the link's
 * target, or, for an anonymous-relay link (null target address), to its {@code to} address. The
 * outcome goes back as the delivery's state: {@code accepted} (for a persistent message only once
 * the store has it on disk), {@code released} when it reached no queue ({@code rejected} when the
 * sender does not support released), {@code rejected} with the core's reason otherwise. A
 * transactional transfer is held until its transaction is discharged; a message with
 * {@code x-opt-delivery-time} in the future goes to the virtual host's delayed messages
 * ({@link dev.sluice.core.VirtualHost#publishLater}), which publish it then and keep it across
 * restarts when it is persistent. On an anonymous relay, a message to
 * an exchange the user may not write to is rejected with {@code amqp:unauthorized-access}.
 *
 * <p>Credit: the link is granted {@link Amqp10Settings#linkCredit()} and topped up when half is
 * used, except while a resource alarm is on ({@link CreditHold}): then it gets none, and is topped
 * up again by {@link #resumeCredit()} once the alarms clear.
 *
 * <p>Threading: confined to the connection's event loop; store completions hop back onto it.
 */
final class PublishLink implements LinkHandler {
    private static final Symbol DELIVERY_TIME = Symbol.valueOf("x-opt-delivery-time");
    private static final Symbol JMS_DEST = Symbol.valueOf("x-opt-jms-dest");

    private final Amqp10Connection conn;
    private final Receiver receiver;
    private final Address target;
    private final Nodes nodes;
    private final TransferReader reader;
    private final Runnable onGone;
    private final boolean releasedSupported;
    private boolean gone;

    /**
     * @param target where messages go; null for an anonymous relay (each message's {@code to})
     * @param onGone what to do when the link ends (delete a dynamic node), or null
     */
    PublishLink(Amqp10Connection conn, Receiver receiver, Address target, Nodes nodes, Runnable onGone) {
        this.conn = conn;
        this.receiver = receiver;
        this.target = target;
        this.nodes = nodes;
        this.onGone = onGone;
        this.reader = new TransferReader(receiver, conn.settings().maxMessageBytes());
        this.releasedSupported = supportsReleased(receiver.getRemoteSource());
    }

    private static boolean supportsReleased(org.apache.qpid.proton.amqp.transport.Source source) {
        if (!(source instanceof Source s) || s.getOutcomes() == null) {
            return true;
        }
        return Arrays.asList(s.getOutcomes()).contains(Released.DESCRIPTOR_SYMBOL);
    }

    /** Grants the initial credit, unless a resource alarm is on. */
    void start() {
        if (conn.creditHold().on()) {
            conn.creditHold().attachedWithoutCredit(receiver.getName());
        } else {
            reader.grant(conn.settings().linkCredit());
        }
    }

    /** The resource alarms cleared: tops the link's credit up again. */
    void resumeCredit() {
        if (!gone && !reader.topUpCredit(conn.settings().linkCredit(), true)) {
            closeLink(ErrorConditions.transferLimitExceeded("transfer received without link credit"));
        }
    }

    @Override
    public Session session() {
        return receiver.getSession();
    }

    @Override
    public void onDelivery(Delivery d) {
        if (gone) {
            return;
        }
        switch (reader.read(d)) {
            case COMPLETE -> {
                byte[] bytes = reader.take();
                complete(d, bytes);
                if (!reader.topUpCredit(conn.settings().linkCredit(), !conn.creditHold().on())) {
                    closeLink(ErrorConditions.transferLimitExceeded("transfer received without link credit"));
                }
            }
            case ABORTED -> d.settle();
            case TOO_LARGE -> closeLink(ErrorConditions.messageSizeExceeded("message larger than "
                    + conn.settings().maxMessageBytes() + " bytes"));
            case BEYOND_CREDIT -> closeLink(ErrorConditions.transferLimitExceeded(
                    "transfer received without link credit"));
            default -> {
            }
        }
    }

    private void closeLink(ErrorCondition condition) {
        receiver.setCondition(condition);
        receiver.close();
        conn.unregister(this);
        receiver.setContext(null);
        onGone(true);
    }

    private void complete(Delivery d, byte[] bytes) {
        Transaction txn = null;
        if (d.getRemoteState() instanceof TransactionalState ts) {
            txn = conn.transactions().get(ts.getTxnId());
            if (txn == null) {
                settle(d, rejected(ErrorConditions.TRANSACTION_UNKNOWN_ID, "unknown transaction id"));
                return;
            }
        }
        Sections s;
        try {
            s = Sections.scan(conn.decoder(), bytes, bytes.length);
        } catch (MalformedMessageException e) {
            settle(d, rejected(AmqpError.DECODE_ERROR, e.getMessage()));
            return;
        }
        Message m;
        Address address;
        try {
            address = destination(s);
            m = toMessage(bytes, s, address);
        } catch (BrokerException e) {
            settle(d, rejected(ErrorConditions.of(e)));
            return;
        } catch (IllegalArgumentException e) {
            settle(d, rejected(AmqpError.INVALID_FIELD, e.getMessage()));
            return;
        }
        if (txn != null) {
            Transaction t = txn;
            t.add(new HeldPublish(m));
            TransactionalState state = new TransactionalState();
            state.setTxnId(t.id());
            state.setOutcome(Accepted.getInstance());
            settle(d, state);
            return;
        }
        long dueAt = deliveryTime(s);
        if (dueAt > m.publishedAt()) {
            publishLater(d, m, dueAt);
            return;
        }
        publish(d, m, address instanceof Address.Topic);
    }

    /** Hands a delayed message to the virtual host; accepted once held (and stored, when persistent). */
    private void publishLater(Delivery d, Message m, long dueAt) {
        boolean persistent = m.persistent();
        try {
            conn.vhost().publishLater(m, dueAt);
        } catch (BrokerException e) {
            settle(d, rejected(ErrorConditions.of(e)));
            return;
        }
        if (persistent && !d.remotelySettled()) {
            conn.whenDurable(() -> settle(d, Accepted.getInstance())); // once the store holds it
        } else {
            settle(d, Accepted.getInstance());
        }
    }

    /** The link's target, or for an anonymous relay the message's {@code to} (which must exist). */
    private Address destination(Sections s) {
        if (target != null) {
            return target;
        }
        String to = s.properties() == null ? null : s.properties().getTo();
        if (to == null) {
            throw new IllegalArgumentException("a message sent on an anonymous relay link needs a 'to' address");
        }
        Address address = Address.parse(to, jmsDestinationCapabilities(s));
        conn.permissions().relayTo(address);
        nodes.checkTarget(address);
        return address;
    }

    /** The core message for {@code bytes}, routed to {@code address}. */
    private Message toMessage(byte[] bytes, Sections s, Address address) {
        String subject = s.properties() == null ? null : s.properties().getSubject();
        String userId = s.properties() == null || s.properties().getUserId() == null ? null
                : AmqpValues.idToString(s.properties().getUserId());
        if (userId != null && !userId.equals(conn.user().name())) {
            throw BrokerException.accessRefused("user-id '" + userId + "' is not the authenticated user '"
                    + conn.user().name() + "'");
        }
        Nodes.Route route = Nodes.route(address, subject);
        return InboundMessages.toCore(Unpooled.wrappedBuffer(bytes), s, route.exchange(), route.routingKey(),
                System.currentTimeMillis(), conn.hasNoLocalConsumers() ? conn.id() : null, conn.vhost().nextMessageId());
    }

    /** Qpid JMS marks a relayed message's destination type: 1 topic, 3 temporary topic. */
    private static List<String> jmsDestinationCapabilities(Sections s) {
        Object type = s.messageAnnotations() == null ? null : s.messageAnnotations().get(JMS_DEST);
        if (type instanceof Number n && (n.intValue() == 1 || n.intValue() == 3)) {
            return List.of("topic");
        }
        return List.of();
    }

    /** The message's {@code x-opt-delivery-time} (epoch ms), or 0 when it has none. */
    private static long deliveryTime(Sections s) {
        Object at = s.messageAnnotations() == null ? null : s.messageAnnotations().get(DELIVERY_TIME);
        return at instanceof Number n ? n.longValue() : at instanceof Date d ? d.getTime() : 0;
    }

    /**
     * Publishes and settles with the outcome. A message to a JMS topic that nobody subscribes to
     * is accepted, as JMS publishers expect; elsewhere a message that reached no queue is released.
     */
    private void publish(Delivery d, Message m, boolean toTopic) {
        boolean persistent = m.persistent();
        RoutingResult result;
        try {
            result = conn.vhost().publish(m);
        } catch (BrokerException e) {
            settle(d, rejected(ErrorConditions.of(e)));
            return;
        }
        if (result.refused()) {
            settle(d, rejected(AmqpError.RESOURCE_LIMIT_EXCEEDED, "refused by queue " + result.refusedBy()
                    + ": it is full (x-overflow reject-publish)"));
        } else if (result.unroutable() && !toTopic) {
            settle(d, releasedSupported ? Released.getInstance()
                    : rejected(AmqpError.NOT_FOUND, "the message reached no queue"));
        } else if (persistent && !d.remotelySettled()) {
            conn.whenSafe(result, () -> settle(d, Accepted.getInstance())); // once it can no longer be lost
        } else {
            settle(d, Accepted.getInstance());
        }
    }

    static Rejected rejected(Symbol condition, String description) {
        return rejected(ErrorConditions.of(condition, description));
    }

    static Rejected rejected(ErrorCondition error) {
        Rejected r = new Rejected();
        r.setError(error);
        return r;
    }

    private void settle(Delivery d, DeliveryState state) {
        if (!gone) {
            TransferReader.settle(d, state);
        }
    }

    @Override
    public void onGone(boolean closedByPeer) {
        if (gone) {
            return;
        }
        gone = true;
        if (onGone != null) {
            onGone.run();
        }
    }

    /**
     * A publish inside a transaction: it happens at commit.
     *
     * <p>Threading: confined to the connection's event loop.
     */
    private final class HeldPublish implements Transaction.Work {
        private final Message message;

        HeldPublish(Message message) {
            this.message = message;
        }

        @Override
        public boolean commit() {
            boolean persistent = message.persistent();
            RoutingResult r = conn.vhost().publish(message);
            return persistent && r.queues() > 0;
        }

        @Override
        public void rollback() {
            message.release();
        }
    }
}
