package dev.sluice.amqp10;

import dev.sluice.core.BrokerException;
import dev.sluice.core.Owner;
import dev.sluice.core.VirtualHost;
import dev.sluice.core.queue.Queue;
import dev.sluice.core.queue.QueueDefinition;
import java.util.Map;

/**
 * Finds (and, for JMS names, creates) the core nodes that addresses name, and says where a
 * message sent to an address is published.
 *
 * <p>Threading: stateless apart from the settings; the virtual host is thread-safe.
 */
final class Nodes {
    /** The exchange JMS topics publish to. */
    static final String TOPIC_EXCHANGE = "amq.topic";

    /** Where a message goes: exchange and routing key. */
    record Route(String exchange, String routingKey) {
    }

    private final VirtualHost vhost;
    private final Owner owner;
    private final Amqp10Settings settings;

    Nodes(VirtualHost vhost, Owner owner, Amqp10Settings settings) {
        this.vhost = vhost;
        this.owner = owner;
        this.settings = settings;
    }

    /**
     * Checks a publishing target exists (creating a JMS queue on demand).
     *
     * @throws BrokerException 404 when it does not, 405 for another connection's exclusive queue
     */
    void checkTarget(Address address) {
        if (address instanceof Address.Exchange x && vhost.exchange(x.exchange()) == null) {
            throw BrokerException.notFound("exchange", x.exchange(), vhost.name());
        }
        if (address instanceof Address.Queue q && vhost.queue(q.queue()) == null) {
            queue(q); // publishing to another connection's exclusive queue is allowed, as in RabbitMQ
        }
    }

    /** The queue an address names; a missing JMS queue is created when the settings allow. */
    Queue queue(Address.Queue q) {
        Queue existing = vhost.queue(q.queue());
        if (existing != null) {
            return vhost.requireQueue(q.queue(), owner);
        }
        if (q.plain() && settings.createQueuesOnDemand()) {
            Map<String, Object> args = settings.onDemandMaxPriority() > 0
                    ? Map.of("x-max-priority", settings.onDemandMaxPriority()) : Map.of();
            return vhost.declareQueue(QueueDefinition.durable(q.queue(), args), owner, false);
        }
        throw BrokerException.notFound("queue", q.queue(), vhost.name());
    }

    /** Where a message to {@code address} is published; {@code subject} is the key for a bare exchange. */
    static Route route(Address address, String subject) {
        if (address instanceof Address.Exchange x) {
            return new Route(x.exchange(), x.routingKey() != null ? x.routingKey() : subject == null ? "" : subject);
        }
        if (address instanceof Address.Queue q) {
            return new Route("", q.queue());
        }
        return new Route(TOPIC_EXCHANGE, ((Address.Topic) address).name());
    }
}
