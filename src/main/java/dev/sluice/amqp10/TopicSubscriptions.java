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
 * The queue records its topic in the non-{@code x-} argument {@value #TOPIC_ARGUMENT}.
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

    TopicSubscriptions(VirtualHost vhost, Owner owner) {
        this.vhost = vhost;
        this.owner = owner;
    }

    Opened open(String topic, boolean durable, boolean shared, String queueName) {
        if (durable) {
            Queue q = durableQueue(topic, queueName);
            return new Opened(q, closed -> {
                if (closed) {
                    deleteQuietly(q.name(), true);
                }
            });
        }
        if (shared) {
            Queue q = vhost.declareQueue(new QueueDefinition(queueName, false, false, true,
                    Map.of(TOPIC_ARGUMENT, topic)), owner, false);
            bind(q, topic);
            return new Opened(q, closed -> { });
        }
        Queue q = vhost.declareQueue(new QueueDefinition("", false, true, true, Map.of(TOPIC_ARGUMENT, topic)),
                owner, false);
        bind(q, topic);
        return new Opened(q, closed -> deleteQuietly(q.name(), false));
    }

    private Queue durableQueue(String topic, String queueName) {
        Queue existing = vhost.queue(queueName);
        if (existing != null && !topic.equals(existing.definition().arguments().get(TOPIC_ARGUMENT))) {
            vhost.deleteQueue(queueName, owner, false, false);
        }
        Queue q = vhost.declareQueue(QueueDefinition.durable(queueName, Map.of(TOPIC_ARGUMENT, topic)), owner, false);
        bind(q, topic);
        return q;
    }

    /** The topic of an existing durable subscription queue, or null when there is none. */
    String topicOf(String queueName) {
        Queue q = vhost.queue(queueName);
        return q == null ? null : (String) q.definition().arguments().get(TOPIC_ARGUMENT);
    }

    private void bind(Queue q, String topic) {
        vhost.bind(new Binding(Nodes.TOPIC_EXCHANGE, Destination.queue(q.name()), topic, Map.of()), owner);
    }

    void deleteQuietly(String queueName, boolean ifUnused) {
        try {
            vhost.deleteQueue(queueName, owner, ifUnused, false);
        } catch (BrokerException e) {
            // still in use by another consumer of a shared subscription, or already gone
        }
    }
}
