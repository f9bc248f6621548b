package dev.sluice.core.queue;

import dev.sluice.core.BrokerException;
import java.util.Map;
import java.util.Set;

/**
 * A queue's {@code x-} arguments, checked for type and range once at declare and kept parsed.
 * Names and meanings are RabbitMQ's. A value of -1 means "not set" for the numeric limits.
 *
 * <p>Threading: immutable.
 */
public record QueueArguments(long messageTtl, long expires, long maxLength, long maxLengthBytes,
                             Overflow overflow, String deadLetterExchange, String deadLetterRoutingKey,
                             int maxPriority, long deliveryLimit, boolean singleActiveConsumer) {

    /** No arguments. */
    public static final QueueArguments NONE = new QueueArguments(-1, -1, -1, -1, Overflow.DROP_HEAD,
            null, null, 0, -1, false);

    /** Arguments RabbitMQ accepts that change nothing in Sluice's single-node queues. */
    private static final Set<String> ACCEPTED_WITHOUT_EFFECT = Set.of(
            "x-queue-mode", "x-queue-master-locator", "x-queue-leader-locator", "x-queue-version",
            "x-ha-policy", "x-ha-nodes", "x-quorum-initial-group-size", "x-max-in-memory-length",
            "x-max-in-memory-bytes", "x-dead-letter-strategy");

    /** The longest message TTL and queue expiry RabbitMQ accepts: ten years, in milliseconds. */
    static final long MAX_TTL_MILLIS = 315_360_000_000L;

    /**
     * Parses and validates; a bad value is a 406 that names the argument, the queue and what is
     * allowed. Keys not starting with {@code x-} are the user's own and are kept untouched.
     */
    public static QueueArguments parse(String queue, String vhost, Map<String, Object> args) {
        if (args.isEmpty()) {
            return NONE;
        }
        ArgumentReader r = new ArgumentReader("queue '" + queue + "' in vhost '" + vhost + "'", args);
        long ttl = r.nonNegativeLong("x-message-ttl", -1);
        if (ttl > MAX_TTL_MILLIS) {
            throw r.invalid("x-message-ttl", ttl, "at most " + MAX_TTL_MILLIS + " ms (ten years)");
        }
        long expires = r.positiveLong("x-expires", -1);
        if (expires > MAX_TTL_MILLIS) {
            throw r.invalid("x-expires", expires, "at most " + MAX_TTL_MILLIS + " ms (ten years)");
        }
        long maxLength = r.nonNegativeLong("x-max-length", -1);
        long maxBytes = r.nonNegativeLong("x-max-length-bytes", -1);
        String overflowName = r.string("x-overflow");
        Overflow overflow = Overflow.DROP_HEAD;
        if (overflowName != null) {
            overflow = Overflow.fromArgument(overflowName);
            if (overflow == null) {
                throw r.invalid("x-overflow", overflowName,
                        "one of drop-head, reject-publish, reject-publish-dlx");
            }
        }
        String dlx = r.string("x-dead-letter-exchange");
        String dlrk = r.string("x-dead-letter-routing-key");
        if (dlrk != null && dlx == null) {
            throw BrokerException.precondition("invalid arg 'x-dead-letter-routing-key' for " + r.subject()
                    + ": it requires x-dead-letter-exchange to be set");
        }
        long maxPriority = r.nonNegativeLong("x-max-priority", 0);
        if (maxPriority > 255) {
            throw r.invalid("x-max-priority", maxPriority, "an integer from 0 to 255");
        }
        long deliveryLimit = r.nonNegativeLong("x-delivery-limit", -1);
        boolean sac = r.bool("x-single-active-consumer", false);
        String queueType = r.string("x-queue-type");
        if (queueType != null && !queueType.equals("classic") && !queueType.equals("quorum")) {
            throw r.invalid("x-queue-type", queueType, "classic or quorum");
        }
        r.refuseUnknown(Set.of("x-message-ttl", "x-expires", "x-max-length", "x-max-length-bytes",
                "x-overflow", "x-dead-letter-exchange", "x-dead-letter-routing-key", "x-max-priority",
                "x-delivery-limit", "x-single-active-consumer", "x-queue-type"), ACCEPTED_WITHOUT_EFFECT);
        return new QueueArguments(ttl, expires, maxLength, maxBytes, overflow, dlx, dlrk,
                (int) maxPriority, deliveryLimit, sac);
    }

    public boolean hasLengthLimit() {
        return maxLength >= 0 || maxLengthBytes >= 0;
    }
}
