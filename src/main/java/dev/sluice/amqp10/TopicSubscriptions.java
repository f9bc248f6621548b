package dev.sluice.amqp10;

import dev.sluice.core.BrokerException;
import dev.sluice.core.Owner;
import dev.sluice.core.VirtualHost;
import dev.sluice.core.queue.Queue;
import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.Destination;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The queues behind JMS topic consumers. Each subscription is a queue bound to {@code amq.topic}
 * with the topic name as binding key (so {@code orders.*} and {@code orders.#} are wildcards):
 * <ul>
 *   <li>a plain consumer gets a server-named exclusive queue that goes with its link;</li>
 *   <li>a durable subscription (durable source terminus) keeps a durable queue named after the
 *       client ID and subscription name ({@link SubscriptionNames}) across detach and reconnect;
 *       it is deleted when the link is closed rather than detached (JMS unsubscribe), and made
 *       anew when the subscription is reopened on another topic;</li>
 *   <li>a shared non-durable subscription shares an auto-delete queue among its consumers.</li>
 * </ul>
 * The queue records its topic in the non-{@code x-} argument {@value #TOPIC_ARGUMENT}, and the
 * consumer's JMS selector, when it has one, in {@link QueueDefinition#SELECTOR_ARGUMENT}: the queue
 * then keeps only the messages the selector selects (the others are not enqueued at all), and a
 * durable subscription keeps its selector across restarts. Before a
 * subscription queue is made or declared again, the user's permissions are checked on its final
 * name: configure on the queue, write on it and read on {@code amq.topic} for the binding, read on
 * it for consuming.
 *
 * <p>Threading: runs on a connection's event loop; the virtual host is thread-safe.
 */
final class TopicSubscriptions {
    static final String TOPIC_ARGUMENT = "sluice-jms-topic";

    /** The queue to consume from and what to do with it when the link ends. */
    record Opened(Queue queue, Consumer<Boolean> onGone) {
    }

    private final VirtualHost vhost;
    private final Owner owner;
    private final LinkPermissions permissions;

    TopicSubscriptions(VirtualHost vhost, Owner owner, LinkPermissions permissions) {
        this.vhost = vhost;
        this.owner = owner;
        this.permissions = permissions;
    }

    /**
     * Opens the subscription to {@code topic}; with a {@code selector} (null for none) its queue
     * keeps only the messages the selector selects.
     */
    Opened open(String topic, String selector, boolean durable, boolean shared, String queueName) {
        Map<String, Object> arguments = arguments(topic, selector);
        if (durable) {
            Queue q = durableQueue(topic, queueName, arguments);
            return new Opened(q, closed -> {
                if (closed) {
                    deleteQuietly(q.name(), true);
                }
            });
        }
        if (shared) {
            Queue existing = vhost.queue(queueName);
            if (existing != null && !existing.definition().arguments().equals(arguments)) {
                throw BrokerException.precondition("shared subscription '" + queueName
                        + "' is in use with another topic or selector");
            }
            Queue q = vhost.declareQueue(new QueueDefinition(queueName, false, false, true, arguments), owner,
                    false, def -> check(def, topic));
            bind(q, topic);
            return new Opened(q, closed -> { });
        }
        Queue q = vhost.declareQueue(new QueueDefinition("", false, true, true, arguments),
                owner, false, def -> check(def, topic));
        bind(q, topic);
        return new Opened(q, closed -> deleteQuietly(q.name(), false));
    }

    /** The subscription queue's arguments: its topic, and its selector when it has one. */
    private static Map<String, Object> arguments(String topic, String selector) {
        return selector == null ? Map.of(TOPIC_ARGUMENT, topic)
                : Map.of(TOPIC_ARGUMENT, topic, QueueDefinition.SELECTOR_ARGUMENT, selector);
    }

    /**
     * The durable subscription's queue. One that exists with another topic or selector is
     * replaced (JMS: a changed subscription is a new one), unless a consumer still uses it.
     */
    private Queue durableQueue(String topic, String queueName, Map<String, Object> arguments) {
        QueueDefinition wanted = QueueDefinition.durable(queueName, arguments);
        check(wanted, topic);
        Queue existing = vhost.queue(queueName);
        if (existing != null && !existing.definition().arguments().equals(arguments)) {
            if (existing.consumerCount() > 0) {
                throw BrokerException.precondition("durable subscription '" + queueName
                        + "' is in use with another topic or selector");
            }
            vhost.deleteQueue(queueName, owner, false, false);
        }
        Queue q = vhost.declareQueue(wanted, owner, false);
        bind(q, topic);
        return q;
    }

    /** Every permission the subscription needs, on the queue's final name; throws 403 before anything is made. */
    private void check(QueueDefinition def, String topic) {
        permissions.declareQueue(def);
        permissions.bind(binding(def.name(), topic));
        permissions.consume(def.name());
    }

    private static Binding binding(String queue, String topic) {
        return new Binding(Nodes.TOPIC_EXCHANGE, Destination.queue(queue), topic, Map.of());
    }

    /** The topic of an existing durable subscription queue, or null when there is none. */
    String topicOf(String queueName) {
        Queue q = vhost.queue(queueName);
        return q == null ? null : (String) q.definition().arguments().get(TOPIC_ARGUMENT);
    }

    private void bind(Queue q, String topic) {
        vhost.bind(binding(q.name(), topic), owner);
    }

    void deleteQuietly(String queueName, boolean ifUnused) {
        try {
            vhost.deleteQueue(queueName, owner, ifUnused, false);
        } catch (BrokerException e) {
            // still in use by another consumer of a shared subscription, or already gone
        }
    }
}
