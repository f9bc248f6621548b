package dev.sluice.amqp091;

import dev.sluice.amqp091.codec.ReplyCodes;
import dev.sluice.amqp091.UnackedDeliveries.Unacked;
import dev.sluice.amqp091.codec.BasicAck;
import dev.sluice.amqp091.codec.BasicCancel;
import dev.sluice.amqp091.codec.BasicCancelOk;
import dev.sluice.amqp091.codec.BasicConsume;
import dev.sluice.amqp091.codec.BasicConsumeOk;
import dev.sluice.amqp091.codec.BasicGet;
import dev.sluice.amqp091.codec.BasicGetEmpty;
import dev.sluice.amqp091.codec.BasicGetOk;
import dev.sluice.amqp091.codec.BasicNack;
import dev.sluice.amqp091.codec.BasicQos;
import dev.sluice.amqp091.codec.BasicQosOk;
import dev.sluice.amqp091.codec.BasicRecoverOk;
import dev.sluice.amqp091.codec.BasicReject;
import dev.sluice.core.message.FieldValues;
import dev.sluice.core.message.Message;
import dev.sluice.core.queue.ConsumerSpec;
import dev.sluice.core.queue.Delivery;
import dev.sluice.core.queue.GetResult;
import dev.sluice.core.queue.Queue;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The consuming side of the basic class on one channel: qos, consume, cancel (both ways), get,
 * ack, nack, reject, recover.
 *
 * <p>Threading: event-loop confined (owned by its channel).
 */
final class ConsumeMethods {
    private final Amqp091Channel channel;
    private final SecureRandom random = new SecureRandom();
    private String replyAddress;

    ConsumeMethods(Amqp091Channel channel) {
        this.channel = channel;
    }

    void qos(BasicQos q) {
        if (q.prefetchSize() != 0) {
            throw new AmqpError(ReplyCodes.NOT_IMPLEMENTED, "prefetch_size!=0 (" + q.prefetchSize() + ")");
        }
        channel.setPrefetch(q.prefetchCount(), q.global());
        channel.out().method(channel.number(), new BasicQosOk());
    }

    void consume(BasicConsume c) {
        String tag = c.consumerTag().isEmpty() ? generatedTag() : c.consumerTag();
        if (channel.consumers().containsKey(tag)) {
            throw new AmqpError(ReplyCodes.NOT_ALLOWED, "attempt to reuse consumer tag '" + tag + "'");
        }
        if (DirectReplyTo.PSEUDO_QUEUE.equals(c.queue())) {
            consumeReplies(c, tag);
            return;
        }
        String queueName = channel.queueName(c.queue());
        channel.access().consume(channel.userName(), channel.vhost().name(), queueName);
        Queue queue = channel.vhost().requireQueue(queueName, channel.owner());
        ChannelConsumer consumer = new ChannelConsumer(channel, tag, queue, c.noAck());
        ConsumerSpec spec = ConsumerSpec.of(tag, channel.owner())
                .withAutoAck(c.noAck())
                .withExclusive(c.exclusive())
                .withPriority(priorityOf(c.arguments()))
                .withPrefetch(channel.consumerPrefetch());
        channel.consumers().put(tag, consumer);
        try {
            consumer.attach(queue.subscribe(spec, consumer));
        } catch (RuntimeException e) {
            // a refused subscription (403 exclusive use) answers with channel.close only, as
            // RabbitMQ does: a consume-ok first would tell the client it consumes
            channel.consumers().remove(tag);
            throw e;
        }
        if (!c.noWait()) {
            // Still ahead of every delivery: the subscription's deliveries wait in the outbox,
            // which the event loop drains in a later task, never within this method.
            channel.out().method(channel.number(), new BasicConsumeOk(tag));
        }
    }

    private void consumeReplies(BasicConsume c, String tag) {
        if (!c.noAck()) {
            throw new AmqpError(ReplyCodes.PRECONDITION_FAILED, "reply consumer cannot acknowledge");
        }
        if (replyAddress != null) {
            throw new AmqpError(ReplyCodes.PRECONDITION_FAILED, "reply consumer already set");
        }
        ChannelConsumer consumer = new ChannelConsumer(channel, tag, null, true);
        channel.consumers().put(tag, consumer);
        replyAddress = channel.connection().directReplyTo().register(consumer);
        if (!c.noWait()) {
            channel.out().method(channel.number(), new BasicConsumeOk(tag));
        }
    }

    /** This channel's direct reply-to address, or null when it does not consume replies. */
    String replyAddress() {
        return replyAddress;
    }

    private static int priorityOf(Map<String, Object> arguments) {
        if (!arguments.containsKey("x-priority")) {
            return 0;
        }
        Object p = arguments.get("x-priority");
        if (!FieldValues.isInteger(p)) {
            throw new AmqpError(ReplyCodes.PRECONDITION_FAILED, "invalid arg 'x-priority' for consumer: "
                    + p + " is not an integer");
        }
        return ((Number) p).intValue();
    }

    private String generatedTag() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return "amq.ctag-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    void cancel(BasicCancel c) {
        ChannelConsumer consumer = channel.consumers().remove(c.consumerTag());
        if (consumer != null) {
            detach(consumer);
            channel.outbox().drainNow();
        }
        if (!c.noWait()) {
            channel.out().method(channel.number(), new BasicCancelOk(c.consumerTag()));
        }
    }

    /** Ends a consumer's subscription; its unacked deliveries stay with the channel. */
    void detach(ChannelConsumer consumer) {
        if (consumer.queue() == null) {
            channel.connection().directReplyTo().unregister(replyAddress);
            replyAddress = null;
        } else if (consumer.subscription() != null) {
            consumer.subscription().cancel();
        }
    }

    /** The queue went: tell the client, when it understands consumer cancel notifications. */
    void cancelledByBroker(ChannelConsumer consumer) {
        if (channel.consumers().remove(consumer.tag()) == null || !channel.isOpen()) {
            return;
        }
        if (channel.connection().supportsCancelNotify()) {
            channel.out().method(channel.number(), new BasicCancel(consumer.tag(), true));
            channel.out().flush();
        }
    }

    void get(BasicGet g) {
        String queueName = channel.queueName(g.queue());
        channel.access().consume(channel.userName(), channel.vhost().name(), queueName);
        Queue queue = channel.vhost().requireQueue(queueName, channel.owner());
        GetResult r = queue.get(g.noAck());
        if (r.isEmpty()) {
            channel.out().method(channel.number(), new BasicGetEmpty());
            return;
        }
        Delivery d = r.delivery();
        Message m = d.message();
        try {
            long tag = channel.nextDeliveryTag();
            if (!g.noAck()) {
                channel.unacked().add(new Unacked(tag, queue, d.deliveryId(), null));
            }
            channel.out().content(channel.number(), new BasicGetOk(tag, d.redelivered(), m.exchange(),
                    m.routingKey(), r.remaining()), DeliveryHeaders.forDelivery(m, d.deliveryCount()));
        } finally {
            m.release();
        }
    }

    void ack(BasicAck a) {
        settle(a.deliveryTag(), a.multiple(), Settlements::ack);
    }

    void nack(BasicNack n) {
        settle(n.deliveryTag(), n.multiple(), settled -> Settlements.nack(settled, n.requeue(), true));
    }

    void reject(BasicReject r) {
        settle(r.deliveryTag(), false, settled -> Settlements.nack(settled, r.requeue(), true));
    }

    /**
     * Applies a settlement now or, inside a transaction, checks the tags now and applies it at
     * commit (a rollback leaves the deliveries unacked, as they were).
     */
    private void settle(long tag, boolean multiple, java.util.function.Consumer<List<Unacked>> apply) {
        Transaction tx = channel.transaction();
        if (tx == null) {
            List<Unacked> settled = channel.unacked().take(tag, multiple);
            if (settled == null) {
                throw unknownTag(tag);
            }
            apply.accept(settled);
            channel.countInFlight(-countedInFlight(settled));
            return;
        }
        List<Unacked> named = channel.unacked().peek(tag, multiple);
        if (named == null) {
            throw unknownTag(tag);
        }
        tx.add(() -> {
            List<Unacked> settled = channel.unacked().remove(named);
            apply.accept(settled);
            channel.countInFlight(-countedInFlight(settled));
        });
    }

    private static int countedInFlight(List<Unacked> settled) {
        int n = 0;
        for (Unacked u : settled) {
            if (u.consumer() != null) {
                n++;
            }
        }
        return n;
    }

    private static AmqpError unknownTag(long tag) {
        return new AmqpError(ReplyCodes.PRECONDITION_FAILED, "unknown delivery tag " + tag);
    }

    /** basic.recover: every unacked delivery goes back to its queue, to be redelivered. */
    void recover(boolean reply) {
        List<Unacked> all = channel.unacked().takeAll();
        for (Unacked u : all) {
            u.queue().requeue(u.deliveryId(), false);
        }
        channel.countInFlight(-countedInFlight(all));
        if (reply) {
            channel.out().method(channel.number(), new BasicRecoverOk());
        }
    }
}
