package dev.sluice.core.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A published message as the core sees it: where it was published (exchange and routing keys),
 * its protocol-neutral properties, AMQP 1.0 message annotations, and its body.
 *
 * <p>The body is a reference-counted Netty buffer. A {@code Message} object holds one reference;
 * each queue entry that holds the message takes its own with {@link #retain()} and gives it back
 * with {@link #release()}, so one body serves every queue a message was routed to, without
 * copies. {@code encoded} is the publisher's own encoding of the properties (adapter-owned and
 * opaque to the core); the adapter that made it may send it on unchanged, and any core change to
 * the properties drops it.
 *
 * <p>Threading: immutable apart from the body's reference count, which is thread-safe.
 */
public final class Message {
    private final long id;
    private final String exchange;
    private final String routingKey;
    private final List<String> ccKeys;
    private final MessageProperties properties;
    private final Map<String, Object> annotations;
    private final ByteBuf body;
    private final Object encoded;
    private final long publishedAt;

    private Message(Builder b) {
        this.id = b.id;
        this.exchange = Objects.requireNonNull(b.exchange, "exchange");
        this.routingKey = Objects.requireNonNull(b.routingKey, "routingKey");
        this.ccKeys = b.ccKeys == null ? List.of() : List.copyOf(b.ccKeys);
        this.properties = b.properties == null ? MessageProperties.EMPTY : b.properties;
        this.annotations = b.annotations == null ? Map.of() : FieldValues.immutableCopy(b.annotations);
        this.body = b.body == null ? Unpooled.EMPTY_BUFFER : b.body;
        this.encoded = b.encoded;
        this.publishedAt = b.publishedAt;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with everything of this message but the encoded form; shares the body reference. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.exchange = exchange;
        b.routingKey = routingKey;
        b.ccKeys = ccKeys;
        b.properties = properties;
        b.annotations = annotations;
        b.body = body;
        b.publishedAt = publishedAt;
        return b;
    }

    /**
     * The broker-wide id a store keeps the message under; 0 until the broker assigns one (it gives
     * one to every message it publishes or dead-letters: persistent ones are stored, and a queue may
     * page out any message).
     */
    public long id() {
        return id;
    }

    /** This message with an id; the new object takes over this one's body reference. */
    public Message withId(long newId) {
        return toBuilder().encoded(encoded).id(newId).build();
    }

    /** The exchange the message was published to ("" for the default exchange). */
    public String exchange() {
        return exchange;
    }

    /** The routing key it was published with. */
    public String routingKey() {
        return routingKey;
    }

    /** The CC routing keys of sender-selected distribution (not BCC, which never reaches a queue). */
    public List<String> ccKeys() {
        return ccKeys;
    }

    public MessageProperties properties() {
        return properties;
    }

    /** AMQP 1.0 message annotations (e.g. Qpid JMS's x-opt-jms-msg-type); empty for 0-9-1. */
    public Map<String, Object> annotations() {
        return annotations;
    }

    /** The body; callers must not change its reader index (use {@code duplicate()} to read). */
    public ByteBuf body() {
        return body;
    }

    public int bodySize() {
        return body.readableBytes();
    }

    /** The publisher's encoding of the properties, or null; opaque to the core. */
    public Object encoded() {
        return encoded;
    }

    /** When the broker accepted it, in epoch milliseconds. TTLs count from here. */
    public long publishedAt() {
        return publishedAt;
    }

    public boolean persistent() {
        return properties.persistent();
    }

    /** Takes one more reference to the body. */
    public Message retain() {
        body.retain();
        return this;
    }

    /** Gives one reference back. */
    public void release() {
        body.release();
    }

    /**
     * Mutable builder; {@code body} passes ownership of one buffer reference to the message.
     *
     * <p>Threading: confined to one thread.
     */
    public static final class Builder {
        private long id;
        private String exchange = "";
        private String routingKey = "";
        private List<String> ccKeys;
        private MessageProperties properties;
        private Map<String, Object> annotations;
        private ByteBuf body;
        private Object encoded;
        private long publishedAt;

        public Builder id(long v) { id = v; return this; }
        public Builder exchange(String v) { exchange = v; return this; }
        public Builder routingKey(String v) { routingKey = v; return this; }
        public Builder ccKeys(List<String> v) { ccKeys = v; return this; }
        public Builder properties(MessageProperties v) { properties = v; return this; }
        public Builder annotations(Map<String, Object> v) { annotations = v; return this; }
        public Builder body(ByteBuf v) { body = v; return this; }
        public Builder body(byte[] v) { body = Unpooled.wrappedBuffer(v); return this; }
        public Builder body(String utf8) { return body(utf8.getBytes(StandardCharsets.UTF_8)); }
        public Builder encoded(Object v) { encoded = v; return this; }
        public Builder publishedAt(long v) { publishedAt = v; return this; }

        public Message build() {
            return new Message(this);
        }
    }
}
