package dev.sluice.amqp091;

import dev.sluice.amqp091.codec.BasicDeliver;
import dev.sluice.core.message.Message;
import dev.sluice.core.queue.Delivery;
import dev.sluice.core.queue.DeliverySink;
import dev.sluice.core.queue.Queue;
import dev.sluice.core.queue.Subscription;

/**
 * One basic.consume: the core's sink for a subscription. Deliveries arrive on the dispatching
 * thread and travel through the connection's {@link DeliveryOutbox}; on the event loop they get
 * a delivery tag, are remembered for ack, and are written as basic.deliver with content.
 *
 * <p>Threading: {@link #deliver} and {@link #canAccept} run on any thread (queue lock held);
 * everything else on the event loop.
 */
final class ChannelConsumer implements DeliverySink {
    private final Amqp091Channel channel;
    private final String tag;
    private final Queue queue;
    private final boolean noAck;
    private Subscription subscription;

    ChannelConsumer(Amqp091Channel channel, String tag, Queue queue, boolean noAck) {
        this.channel = channel;
        this.tag = tag;
        this.queue = queue;
        this.noAck = noAck;
    }

    void attach(Subscription s) {
        this.subscription = s;
    }

    Subscription subscription() {
        return subscription;
    }

    String tag() {
        return tag;
    }

    /** True when the client acknowledges (basic.consume without no-ack). */
    boolean ackRequired() {
        return !noAck;
    }

    Queue queue() {
        return queue;
    }

    @Override
    public void deliver(Subscription s, Delivery d) {
        d.message().retain();
        if (!noAck) {
            channel.countInFlight(1);
        }
        channel.outbox().offer(this, d);
    }

    @Override
    public boolean canAccept() {
        return channel.canAcceptDeliveries();
    }

    @Override
    public void cancelledByBroker(Subscription s) {
        channel.consumerCancelledByBroker(this);
    }

    /** Event loop: tag, remember, write. A delivery to a channel already closed goes back. */
    void write(Delivery d) {
        Message m = d.message();
        try {
            if (!channel.isOpen()) {
                if (!noAck) {
                    channel.countInFlight(-1);
                    queue.requeue(d.deliveryId(), false);
                }
                return;
            }
            long deliveryTag = channel.nextDeliveryTag();
            if (!noAck) {
                channel.unacked().add(new UnackedDeliveries.Unacked(deliveryTag, queue, d.deliveryId(), this));
            }
            channel.out().content(channel.number(), new BasicDeliver(tag, deliveryTag, d.redelivered(),
                    m.exchange(), m.routingKey()), DeliveryHeaders.forDelivery(m, d.deliveryCount()));
        } finally {
            m.release();
        }
    }
}
