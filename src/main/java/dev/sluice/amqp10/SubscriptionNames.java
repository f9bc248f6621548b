package dev.sluice.amqp10;

import java.util.List;

/**
 * Names of the queues behind JMS topic subscriptions, derived from what Qpid JMS sends: the link
 * name is the subscription name (shared subscriptions add {@code |2}, {@code |global},
 * {@code |volatile1}, ... after a {@code |}), the container id is the client ID, and a
 * subscription without a client ID ({@code global} capability or {@code |global} suffix) is
 * named by the subscription name alone.
 *
 * <p>Threading: stateless.
 */
final class SubscriptionNames {
    private static final String PREFIX = "jms-sub:";

    private SubscriptionNames() {
    }

    /** The subscription name: the link name up to its first {@code |}. */
    static String subscription(String linkName) {
        int bar = linkName.indexOf('|');
        return bar < 0 ? linkName : linkName.substring(0, bar);
    }

    /** True when the subscription has no client ID and is shared across connections. */
    static boolean global(String linkName, List<String> capabilities) {
        int bar = linkName.indexOf('|');
        return capabilities.contains("global") || (bar >= 0 && linkName.startsWith("global", bar + 1));
    }

    /** The queue of the subscription this link belongs to. */
    static String queueName(String containerId, String linkName, List<String> capabilities) {
        String sub = subscription(linkName);
        return global(linkName, capabilities) ? PREFIX + sub : PREFIX + containerId + ":" + sub;
    }
}
