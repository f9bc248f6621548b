package dev.sluice.amqp091;

import dev.sluice.amqp091.codec.ReplyCodes;
import dev.sluice.amqp091.codec.BasicPublish;
import dev.sluice.amqp091.codec.BasicReturn;
import dev.sluice.amqp091.codec.ConfirmSelect;
import dev.sluice.amqp091.codec.ConfirmSelectOk;
import dev.sluice.amqp091.codec.TxCommitOk;
import dev.sluice.amqp091.codec.TxRollbackOk;
import dev.sluice.amqp091.codec.TxSelectOk;
import dev.sluice.core.BrokerException;
import dev.sluice.core.RoutingResult;
import dev.sluice.core.message.Message;
import dev.sluice.core.message.MessageProperties;
import dev.sluice.core.queue.Delivery;
import dev.sluice.transport.EventLoopHandOff;
import io.netty.buffer.ByteBufUtil;

/**
 * basic.publish on one channel, from the assembled content to the core's entry point, and what
 * comes back: basic.return for a mandatory message that reached no queue, publisher confirms
 * (after the store's group commit for persistent messages), and transactions.
 *
 * <p>Threading: event-loop confined (owned by its channel); confirms that complete on the
 * store's thread reach the event loop through {@link #durableConfirms}, a burst at a time, and
 * go out as one {@code basic.ack multiple} where they can.
 */
final class PublishMethods {
    private static final int CLASS_BASIC = 60;
    private static final int METHOD_PUBLISH = 40;

    private final Amqp091Channel channel;
    private ConfirmTracker confirms;
    private Transaction transaction;
    private String permittedExchange;
    private long permittedGeneration;
    /** True during the store's {@code whenDurable} call: a confirm that comes back at once is not flushed alone. */
    private boolean awaitingStore;
    private final EventLoopHandOff durableConfirms;

    PublishMethods(Amqp091Channel channel) {
        this.channel = channel;
        this.durableConfirms = new EventLoopHandOff(task -> channel.connection().runOnLoop(task), () -> {
            flushConfirms();
            channel.out().flush();
        });
    }

    void start(BasicPublish p, ContentAssembler assembler) {
        assembler.start(p);
    }

    /** The message is complete: check it, then publish now or hold it for the transaction. */
    void complete(ContentAssembler.Assembled a) {
        BasicPublish p = a.method();
        byte[] rawProperties = ByteBufUtil.getBytes(a.header().rawProperties());
        MessageProperties props = a.header().properties();
        a.header().release();
        Message message;
        try {
            if (p.immediate()) {
                throw new AmqpError(ReplyCodes.NOT_IMPLEMENTED, "immediate=true", CLASS_BASIC, METHOD_PUBLISH);
            }
            checkUserId(props);
            checkWritePermission(p.exchange());
            Message.Builder b = Message.builder()
                    .exchange(p.exchange())
                    .routingKey(p.routingKey())
                    .properties(props)
                    .encoded(new Amqp091Encoded(rawProperties))
                    .publishedAt(System.currentTimeMillis())
                    .id(channel.vhost().nextMessageId())
                    .body(a.body());
            if (DirectReplyTo.PSEUDO_QUEUE.equals(props.replyTo())) {
                b.properties(withReplyAddress(props)).encoded(null);
            }
            message = b.build();
        } catch (RuntimeException e) {
            a.body().release();
            throw e;
        }
        if (transaction != null) {
            transaction.add(new HeldPublish(p.mandatory(), message));
        } else {
            publish(p.mandatory(), message);
        }
    }

    /**
     * Write permission on the exchange, remembered for the last exchange until the permissions
     * change (publishing to one exchange over and over checks one regular expression once).
     */
    private void checkWritePermission(String exchange) {
        long generation = channel.access().generation();
        if (exchange.equals(permittedExchange) && generation == permittedGeneration) {
            return;
        }
        try {
            channel.access().publish(channel.userName(), channel.vhost().name(), exchange);
        } catch (BrokerException e) {
            throw AmqpError.from(e, CLASS_BASIC, METHOD_PUBLISH);
        }
        permittedExchange = exchange;
        permittedGeneration = generation;
    }

    private void checkUserId(MessageProperties props) {
        String userId = props.userId();
        if (userId != null && !userId.equals(channel.user().name())) {
            throw new AmqpError(ReplyCodes.PRECONDITION_FAILED, "user_id property set to '" + userId
                    + "' but authenticated user was '" + channel.user().name() + "'", CLASS_BASIC, METHOD_PUBLISH);
        }
    }

    private MessageProperties withReplyAddress(MessageProperties props) {
        String address = channel.replyAddress();
        if (address == null) {
            throw new AmqpError(ReplyCodes.PRECONDITION_FAILED, "fast reply consumer does not exist",
                    CLASS_BASIC, METHOD_PUBLISH);
        }
        return new MessageProperties(props.contentType(), props.contentEncoding(), props.headers(),
                props.deliveryMode(), props.priority(), props.correlationId(), address, props.expiration(),
                props.messageId(), props.timestamp(), props.type(), props.userId(), props.appId(), props.clusterId());
    }

    /** Publishes through the core (or straight to a direct reply-to consumer) and answers. */
    private void publish(boolean mandatory, Message message) {
        long seq = confirms == null ? 0 : confirms.next();
        if (message.exchange().isEmpty() && DirectReplyTo.isReplyAddress(message.routingKey())) {
            publishReply(mandatory, message, seq);
            return;
        }
        message.retain(); // kept for basic.return until the routing result is known
        RoutingResult result;
        try {
            result = channel.vhost().publish(message);
        } catch (BrokerException e) {
            message.release();
            if (confirms != null) {
                confirms.nack(seq);
            }
            throw AmqpError.from(e, CLASS_BASIC, METHOD_PUBLISH);
        }
        try {
            if (mandatory && result.unroutable()) {
                returnUnroutable(message);
            }
        } finally {
            message.release();
        }
        if (confirms != null) {
            confirm(seq, result, message.persistent());
        }
        if (!result.congested().isEmpty()) {
            channel.connection().holdBackFor(result.congested());
        }
    }

    private void publishReply(boolean mandatory, Message message, long seq) {
        ChannelConsumer target = channel.connection().directReplyTo().lookup(message.routingKey());
        try {
            if (target != null) {
                target.deliver(null, new Delivery(DirectReplyTo.PSEUDO_QUEUE, 0, message, false, 0));
            } else if (mandatory) {
                returnUnroutable(message);
            }
        } finally {
            message.release();
        }
        if (confirms != null) {
            confirms.ack(seq);
        }
    }

    private void returnUnroutable(Message message) {
        channel.out().content(channel.number(), new BasicReturn(ReplyCodes.NO_ROUTE, "NO_ROUTE",
                message.exchange(), message.routingKey()), message);
    }

    private void confirm(long seq, RoutingResult result, boolean persistent) {
        if (result.refused()) {
            confirms.nack(seq);
        } else if (persistent && result.queues() > 0) {
            awaitingStore = true;
            try {
                channel.vhost().whenSafe(result, () -> {
                    if (channel.connection().inEventLoop() && awaitingStore) {
                        // durable already (in memory): sent with the others when this read batch ends
                        confirms.ack(seq);
                    } else {
                        durableConfirms.execute(() -> confirms.ack(seq));
                    }
                });
            } finally {
                awaitingStore = false;
            }
        } else {
            confirms.ack(seq);
        }
    }

    void flushConfirms() {
        if (confirms != null && confirms.hasUnsent()) {
            confirms.flush(m -> channel.out().method(channel.number(), m));
        }
    }

    void confirmSelect(ConfirmSelect c) {
        if (transaction != null) {
            throw new AmqpError(ReplyCodes.PRECONDITION_FAILED, "cannot switch from tx to confirm mode");
        }
        if (confirms == null) {
            confirms = new ConfirmTracker();
        }
        if (!c.noWait()) {
            channel.out().method(channel.number(), new ConfirmSelectOk());
        }
    }

    void txSelect() {
        if (confirms != null) {
            throw new AmqpError(ReplyCodes.PRECONDITION_FAILED, "cannot switch from confirm to tx mode");
        }
        if (transaction == null) {
            transaction = new Transaction();
        }
        channel.out().method(channel.number(), new TxSelectOk());
    }

    void txCommit() {
        requireTransaction().commit();
        channel.out().method(channel.number(), new TxCommitOk());
    }

    void txRollback() {
        requireTransaction().rollback();
        channel.out().method(channel.number(), new TxRollbackOk());
    }

    private Transaction requireTransaction() {
        if (transaction == null) {
            throw new AmqpError(ReplyCodes.PRECONDITION_FAILED, "channel is not transactional");
        }
        return transaction;
    }

    /** True in confirm mode. */
    boolean confirming() {
        return confirms != null;
    }

    /** The open transaction, or null when the channel is not transactional. */
    Transaction transaction() {
        return transaction;
    }

    void discardTransaction() {
        if (transaction != null) {
            transaction.rollback();
        }
    }

    /**
     * A publish held back by a transaction.
     *
     * <p>Threading: event-loop confined.
     */
    private final class HeldPublish implements Transaction.Action {
        private final boolean mandatory;
        private final Message message;

        HeldPublish(boolean mandatory, Message message) {
            this.mandatory = mandatory;
            this.message = message;
        }

        @Override
        public void apply() {
            publish(mandatory, message);
        }

        @Override
        public void discard() {
            message.release();
        }
    }
}
