package dev.sluice.amqp091;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RabbitMQ's direct reply-to: a channel consuming from the pseudo-queue
 * {@code amq.rabbitmq.reply-to} gets a private address; requests it publishes with that reply-to
 * carry {@code amq.rabbitmq.reply-to.<token>}, and a reply published to the default exchange with
 * that routing key goes straight to the consumer, through no queue.
 *
 * <p>Threading: thread-safe.
 */
public final class DirectReplyTo {
    public static final String PSEUDO_QUEUE = "amq.rabbitmq.reply-to";
    static final String PREFIX = PSEUDO_QUEUE + ".";

    private final Map<String, ChannelConsumer> consumers = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** Registers a reply consumer and returns its full reply-to address. */
    String register(ChannelConsumer consumer) {
        byte[] token = new byte[15];
        random.nextBytes(token);
        String address = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        consumers.put(address, consumer);
        return address;
    }

    void unregister(String address) {
        consumers.remove(address);
    }

    /** The consumer behind a reply address, or null. */
    ChannelConsumer lookup(String routingKey) {
        return consumers.get(routingKey);
    }

    static boolean isReplyAddress(String routingKey) {
        return routingKey.startsWith(PREFIX);
    }
}
