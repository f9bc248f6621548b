package dev.sluice.amqp091;

import dev.sluice.amqp091.codec.ExchangeBind;
import dev.sluice.amqp091.codec.ExchangeBindOk;
import dev.sluice.amqp091.codec.ExchangeDeclare;
import dev.sluice.amqp091.codec.ExchangeDeclareOk;
import dev.sluice.amqp091.codec.ExchangeDelete;
import dev.sluice.amqp091.codec.ExchangeDeleteOk;
import dev.sluice.amqp091.codec.ExchangeUnbind;
import dev.sluice.amqp091.codec.ExchangeUnbindOk;
import dev.sluice.amqp091.codec.Method;
import dev.sluice.amqp091.codec.QueueBind;
import dev.sluice.amqp091.codec.QueueBindOk;
import dev.sluice.amqp091.codec.QueueDeclare;
import dev.sluice.amqp091.codec.QueueDeclareOk;
import dev.sluice.amqp091.codec.QueueDelete;
import dev.sluice.amqp091.codec.QueueDeleteOk;
import dev.sluice.amqp091.codec.QueuePurge;
import dev.sluice.amqp091.codec.QueuePurgeOk;
import dev.sluice.amqp091.codec.QueueUnbind;
import dev.sluice.amqp091.codec.QueueUnbindOk;
import dev.sluice.core.queue.Queue;
import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.queue.QueueStats;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.Destination;
import dev.sluice.core.routing.ExchangeDefinition;
import dev.sluice.core.routing.ExchangeType;

/**
 * The exchange and queue classes of AMQP 0-9-1 on one channel: each method is checked against the
 * user's permissions ({@code AccessControl}), becomes one core call and, unless no-wait, its -ok
 * reply.
 *
 * <p>Threading: event-loop confined (owned by its channel).
 */
final class DefinitionMethods {
    private final Amqp091Channel channel;

    DefinitionMethods(Amqp091Channel channel) {
        this.channel = channel;
    }

    private void reply(boolean noWait, Method ok) {
        if (!noWait) {
            channel.out().method(channel.number(), ok);
        }
    }

    void exchangeDeclare(ExchangeDeclare d) {
        if (d.passive()) {
            channel.vhost().declareExchange(ExchangeDefinition.of(d.exchange(), ExchangeType.DIRECT), true);
        } else {
            ExchangeDefinition def = new ExchangeDefinition(d.exchange(), ExchangeType.fromWireName(d.type()),
                    d.durable(), d.autoDelete(), d.internal(), d.arguments());
            channel.access().declareExchange(channel.userName(), vhostName(), def);
            channel.vhost().declareExchange(def, false);
        }
        reply(d.noWait(), new ExchangeDeclareOk());
    }

    private String vhostName() {
        return channel.vhost().name();
    }

    void exchangeDelete(ExchangeDelete d) {
        channel.access().deleteExchange(channel.userName(), vhostName(), d.exchange());
        channel.vhost().deleteExchange(d.exchange(), d.ifUnused());
        reply(d.noWait(), new ExchangeDeleteOk());
    }

    void exchangeBind(ExchangeBind b) {
        Binding binding = new Binding(b.source(), Destination.exchange(b.destination()), b.routingKey(), b.arguments());
        channel.access().bind(channel.userName(), vhostName(), binding);
        channel.vhost().bind(binding, channel.owner());
        reply(b.noWait(), new ExchangeBindOk());
    }

    void exchangeUnbind(ExchangeUnbind u) {
        Binding binding = new Binding(u.source(), Destination.exchange(u.destination()), u.routingKey(), u.arguments());
        channel.access().bind(channel.userName(), vhostName(), binding);
        channel.vhost().unbind(binding, channel.owner());
        reply(u.noWait(), new ExchangeUnbindOk());
    }

    void queueDeclare(QueueDeclare d) {
        if (isDirectReplyTo(d.queue())) {
            // As RabbitMQ: the pseudo-queue, and the address of a live reply consumer, "exist" with
            // one consumer, whatever the flags; Spring AMQP probes for direct reply-to this way.
            reply(d.noWait(), new QueueDeclareOk(d.queue(), 0, 1));
            return;
        }
        Queue q = channel.vhost().declareQueue(new QueueDefinition(d.queue(), d.durable(), d.exclusive(),
                d.autoDelete(), d.arguments()), channel.owner(), d.passive(),
                def -> channel.access().declareQueue(channel.userName(), vhostName(), def));
        channel.rememberQueue(q.name());
        QueueStats stats = q.stats();
        reply(d.noWait(), new QueueDeclareOk(q.name(), stats.ready(), stats.consumers()));
    }

    private boolean isDirectReplyTo(String queue) {
        return DirectReplyTo.PSEUDO_QUEUE.equals(queue)
                || DirectReplyTo.isReplyAddress(queue) && channel.connection().directReplyTo().lookup(queue) != null;
    }

    void queueBind(QueueBind b) {
        String queue = channel.queueName(b.queue());
        String key = b.queue().isEmpty() && b.routingKey().isEmpty() ? queue : b.routingKey();
        Binding binding = new Binding(b.exchange(), Destination.queue(queue), key, b.arguments());
        channel.access().bind(channel.userName(), vhostName(), binding);
        channel.vhost().bind(binding, channel.owner());
        reply(b.noWait(), new QueueBindOk());
    }

    void queueUnbind(QueueUnbind u) {
        String queue = channel.queueName(u.queue());
        Binding binding = new Binding(u.exchange(), Destination.queue(queue), u.routingKey(), u.arguments());
        channel.access().bind(channel.userName(), vhostName(), binding);
        channel.vhost().unbind(binding, channel.owner());
        channel.out().method(channel.number(), new QueueUnbindOk());
    }

    void queuePurge(QueuePurge p) {
        String queue = channel.queueName(p.queue());
        channel.access().purgeQueue(channel.userName(), vhostName(), queue);
        int purged = channel.vhost().purgeQueue(queue, channel.owner());
        reply(p.noWait(), new QueuePurgeOk(purged));
    }

    void queueDelete(QueueDelete d) {
        String queue = channel.queueName(d.queue());
        channel.access().deleteQueue(channel.userName(), vhostName(), queue);
        int dropped = channel.vhost().deleteQueue(queue, channel.owner(), d.ifUnused(), d.ifEmpty());
        reply(d.noWait(), new QueueDeleteOk(dropped));
    }
}
