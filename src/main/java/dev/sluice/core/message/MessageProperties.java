package dev.sluice.core.message;

import java.time.Instant;
import java.util.Map;

/**
 * The protocol-neutral properties of a message: AMQP 0-9-1's basic properties, which AMQP 1.0's
 * header, properties and application-properties map onto (see docs/architecture.md).
 *
 * @param headers 0-9-1 headers / 1.0 application-properties, never null
 * @param deliveryMode 2 = persistent, 1 = transient, null = not set (transient)
 * @param expiration per-message TTL in milliseconds as a decimal string (0-9-1's form), or null
 *
 * <p>Threading: immutable.
 */
public record MessageProperties(String contentType, String contentEncoding, Map<String, Object> headers,
                                Integer deliveryMode, Integer priority, String correlationId, String replyTo,
                                String expiration, String messageId, Instant timestamp, String type,
                                String userId, String appId, String clusterId) {

    /** Properties with nothing set. */
    public static final MessageProperties EMPTY = new MessageProperties(null, null, Map.of(), null, null,
            null, null, null, null, null, null, null, null, null);

    public MessageProperties {
        headers = headers == null ? Map.of() : FieldValues.immutableCopy(headers);
    }

    /** True when delivery mode is 2 (persistent). */
    public boolean persistent() {
        return deliveryMode != null && deliveryMode == 2;
    }

    public MessageProperties withHeaders(Map<String, Object> newHeaders) {
        return new MessageProperties(contentType, contentEncoding, newHeaders, deliveryMode, priority,
                correlationId, replyTo, expiration, messageId, timestamp, type, userId, appId, clusterId);
    }

    public MessageProperties withExpiration(String newExpiration) {
        return new MessageProperties(contentType, contentEncoding, headers, deliveryMode, priority,
                correlationId, replyTo, newExpiration, messageId, timestamp, type, userId, appId, clusterId);
    }

    public MessageProperties withDeliveryMode(Integer mode) {
        return new MessageProperties(contentType, contentEncoding, headers, mode, priority,
                correlationId, replyTo, expiration, messageId, timestamp, type, userId, appId, clusterId);
    }

    public MessageProperties withPriority(Integer newPriority) {
        return new MessageProperties(contentType, contentEncoding, headers, deliveryMode, newPriority,
                correlationId, replyTo, expiration, messageId, timestamp, type, userId, appId, clusterId);
    }

    /** Starts a builder; properties are immutable, so this is how tests and adapters make them. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Mutable builder for {@link MessageProperties}.
     *
     * <p>Threading: confined to one thread.
     */
    public static final class Builder {
        private String contentType;
        private String contentEncoding;
        private Map<String, Object> headers = Map.of();
        private Integer deliveryMode;
        private Integer priority;
        private String correlationId;
        private String replyTo;
        private String expiration;
        private String messageId;
        private Instant timestamp;
        private String type;
        private String userId;
        private String appId;
        private String clusterId;

        public Builder contentType(String v) { contentType = v; return this; }
        public Builder contentEncoding(String v) { contentEncoding = v; return this; }
        public Builder headers(Map<String, Object> v) { headers = v; return this; }
        public Builder deliveryMode(Integer v) { deliveryMode = v; return this; }
        public Builder persistent() { deliveryMode = 2; return this; }
        public Builder priority(Integer v) { priority = v; return this; }
        public Builder correlationId(String v) { correlationId = v; return this; }
        public Builder replyTo(String v) { replyTo = v; return this; }
        public Builder expiration(String v) { expiration = v; return this; }
        public Builder messageId(String v) { messageId = v; return this; }
        public Builder timestamp(Instant v) { timestamp = v; return this; }
        public Builder type(String v) { type = v; return this; }
        public Builder userId(String v) { userId = v; return this; }
        public Builder appId(String v) { appId = v; return this; }
        public Builder clusterId(String v) { clusterId = v; return this; }

        public MessageProperties build() {
            return new MessageProperties(contentType, contentEncoding, headers, deliveryMode, priority,
                    correlationId, replyTo, expiration, messageId, timestamp, type, userId, appId, clusterId);
        }
    }
}
