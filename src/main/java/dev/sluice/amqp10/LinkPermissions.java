package dev.sluice.amqp10;

import dev.sluice.core.BrokerException;
import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.routing.Binding;
import dev.sluice.security.AccessControl;

/**
 * What the user of one AMQP 1.0 connection may do in its virtual host, checked the way RabbitMQ 4
 * checks AMQP 1.0 links, through {@link AccessControl} (the same rules as AMQP 0-9-1):
 * <ul>
 *   <li>a sender (publishing link) needs write on the exchange its messages go to: the named
 *       exchange for {@code /exchanges/:x[/:key]}, the default exchange ({@code amq.default}) for
 *       {@code /queues/:q} and JMS queue names, {@code amq.topic} for JMS topics; on an anonymous
 *       relay each message's {@code to} is checked;</li>
 *   <li>a receiver (consuming or browsing link) needs read on its queue;</li>
 *   <li>a queue made on demand (JMS queue names, dynamic nodes, topic subscription queues) needs
 *       configure on its final name ({@code amq.gen-…} for server-named ones);</li>
 *   <li>a topic subscription binds its queue to {@code amq.topic}: write on the queue, read on
 *       {@code amq.topic};</li>
 *   <li>removing a durable subscription (JMS unsubscribe) deletes its queue: configure on it.</li>
 * </ul>
 * A refusal is a {@link BrokerException} of kind {@code ACCESS_REFUSED} whose text names the
 * permission and the resource ("write access to exchange 'x' in vhost '/' refused for user 'u'");
 * the link attach is refused with {@code amqp:unauthorized-access} and that text.
 *
 * <p>Threading: confined to the connection's event loop (the relay cache is unsynchronized);
 * {@link AccessControl} is thread-safe.
 */
final class LinkPermissions {
    private final AccessControl access;
    private final String user;
    private final String vhost;
    /** The exchange a relayed message was last allowed to, and under which generation of the rules. */
    private String relayedTo;
    private long relayedAtGeneration = -1;

    LinkPermissions(AccessControl access, String user, String vhost) {
        this.access = access;
        this.user = user;
        this.vhost = vhost;
    }

    /** A sender to {@code address}: write on the exchange its messages are published to. */
    void publishTo(Address address) {
        access.publish(user, vhost, Nodes.route(address, null).exchange());
    }

    /** One message on an anonymous relay, to {@code address}: as {@link #publishTo}, cached per exchange. */
    void relayTo(Address address) {
        String exchange = Nodes.route(address, null).exchange();
        long generation = access.generation();
        if (exchange.equals(relayedTo) && generation == relayedAtGeneration) {
            return;
        }
        access.publish(user, vhost, exchange);
        relayedTo = exchange;
        relayedAtGeneration = generation;
    }

    /** Making a queue (called with its final name, before anything is made): configure on it. */
    void declareQueue(QueueDefinition def) {
        access.declareQueue(user, vhost, def);
    }

    /** A receiver on {@code queue} (consuming or browsing): read on it. */
    void consume(String queue) {
        access.consume(user, vhost, queue);
    }

    /** Binding a subscription queue: write on the queue, read on the exchange. */
    void bind(Binding binding) {
        access.bind(user, vhost, binding);
    }

    /** Deleting a queue (a durable subscription on unsubscribe): configure on it. */
    void deleteQueue(String queue) {
        access.deleteQueue(user, vhost, queue);
    }
}
