package dev.sluice.amqp10;

import java.util.Objects;
import java.util.Optional;

/**
 * What the AMQP 1.0 endpoint offers and enforces.
 *
 * @param anonymousUser the user a client that chooses SASL ANONYMOUS (or skips SASL) acts as;
 *     empty (the default) refuses anonymous clients
 * @param idleTimeoutMillis the idle timeout announced in open: a client that sends nothing for
 *     this long is disconnected with {@code amqp:resource-limit-exceeded}; 0 = none
 * @param maxFrameSize the largest frame accepted and sent
 * @param channelMax the highest session channel number
 * @param sessionCapacityBytes bytes of unread transfers a session may hold; the session's
 *     incoming window (in frames) is this divided by the frame size. Transfers are read as they
 *     arrive, so this is not memory held; it should let the largest message through without a
 *     window update, because Qpid JMS leaves a transfer resumed by a window update unflushed
 *     until its next heartbeat
 * @param linkCredit credit granted to each publishing link, topped up when half is used
 * @param maxMessageBytes a larger message is refused with {@code amqp:link:message-size-exceeded}
 * @param createQueuesOnDemand whether a JMS-style plain queue name that does not exist yet is
 *     created at attach (durable, as Qpid JMS users expect)
 * @param onDemandMaxPriority {@code x-max-priority} of queues created on demand, so JMS
 *     priorities 0–9 order a backlog (0 = no priority levels)
 * @param outboxHighWaterBytes bodies waiting for the event loop beyond which this connection's
 *     consumers stop taking messages until it drains
 * @param productVersion announced in the open frame's properties
 *
 * <p>Threading: immutable.
 */
public record Amqp10Settings(Optional<String> anonymousUser, int idleTimeoutMillis, int maxFrameSize, int channelMax,
                             int sessionCapacityBytes, int linkCredit, long maxMessageBytes,
                             boolean createQueuesOnDemand, int onDemandMaxPriority, int outboxHighWaterBytes,
                             String productVersion) {
    public Amqp10Settings {
        Objects.requireNonNull(anonymousUser, "anonymousUser");
        Objects.requireNonNull(productVersion, "productVersion");
        if (maxFrameSize < 512) {
            throw new IllegalArgumentException("maxFrameSize must be at least 512 (AMQP 1.0 minimum), got " + maxFrameSize);
        }
        if (linkCredit < 1 || sessionCapacityBytes < maxFrameSize) {
            throw new IllegalArgumentException("linkCredit must be positive and sessionCapacityBytes at least maxFrameSize");
        }
        if (onDemandMaxPriority < 0 || onDemandMaxPriority > 255) {
            throw new IllegalArgumentException("onDemandMaxPriority must be 0..255, got " + onDemandMaxPriority);
        }
    }

    /**
     * RabbitMQ-like defaults: no anonymous login, 60 s idle timeout, 128 KiB frames, a session
     * window as large as the largest message (128 MiB, 1024 frames), 256 credits, JMS queues
     * created on demand with priorities 0–9.
     */
    public static Amqp10Settings defaults(String productVersion) {
        return new Amqp10Settings(Optional.empty(), 60_000, 131_072, 2047, 128 * 1024 * 1024, 256,
                128L * 1024 * 1024, true, 9, 1024 * 1024, productVersion);
    }

    /** These settings with anonymous clients acting as {@code user}. */
    public Amqp10Settings withAnonymousUser(String user) {
        return new Amqp10Settings(Optional.of(user), idleTimeoutMillis, maxFrameSize, channelMax, sessionCapacityBytes,
                linkCredit, maxMessageBytes, createQueuesOnDemand, onDemandMaxPriority, outboxHighWaterBytes,
                productVersion);
    }

    /** These settings with another idle timeout (0 = none). */
    public Amqp10Settings withIdleTimeoutMillis(int millis) {
        return new Amqp10Settings(anonymousUser, millis, maxFrameSize, channelMax, sessionCapacityBytes,
                linkCredit, maxMessageBytes, createQueuesOnDemand, onDemandMaxPriority, outboxHighWaterBytes,
                productVersion);
    }
}
