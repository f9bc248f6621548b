package dev.sluice.amqp10;

import dev.sluice.core.message.Message;
import dev.sluice.core.message.MessageProperties;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedByte;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.codec.EncoderImpl;

/**
 * Encodes a message for an AMQP 1.0 consumer. A message an AMQP 1.0 publisher sent goes out with a
 * fresh header (durable, priority, ttl, delivery-count) followed by the publisher's own sections,
 * byte for byte. Any other message (published over 0-9-1, or changed by the broker when it was
 * dead-lettered, or recovered from disk) is built from its neutral properties, the reverse of
 * {@link InboundMessages}: {@code x-} headers become message annotations, the other headers
 * application-properties (tables and arrays, which application-properties cannot hold, are left
 * out), and the body becomes one data section, or
 * the encoded sections it holds when its type is {@value InboundMessages#SECTIONS_TYPE}.
 *
 * <p>Threading: confined to one connection's event loop (the proton-j encoder is not thread-safe).
 */
final class OutboundMessages {
    private final EncoderImpl encoder;
    private final ByteBufWritable writable = new ByteBufWritable();

    OutboundMessages(EncoderImpl encoder) {
        this.encoder = encoder;
    }

    /** A new heap buffer with the whole encoded message; the caller releases it. */
    ByteBuf encode(Message m, int deliveryCount, ByteBufAllocator alloc) {
        ByteBuf out = alloc.heapBuffer(m.bodySize() + 256);
        try {
            encoder.setByteBuffer(writable.target(out));
            Header header = header(m.properties(), deliveryCount);
            if (header != null) {
                encoder.writeObject(header);
            }
            if (m.encoded() instanceof Amqp10Encoded raw) {
                ByteBuf forwarded = raw.forwarded();
                out.writeBytes(forwarded, forwarded.readerIndex(), forwarded.readableBytes());
            } else {
                writeConverted(m, out);
            }
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        } finally {
            writable.target(null);
        }
    }

    private void writeConverted(Message m, ByteBuf out) {
        MessageProperties p = m.properties();
        Map<Symbol, Object> annotations = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.annotations().entrySet()) {
            if (!e.getKey().equals(InboundMessages.SUBJECT_ANNOTATION)
                    && !e.getKey().equals(InboundMessages.PUBLISHER_ANNOTATION)) {
                annotations.put(Symbol.valueOf(e.getKey()), AmqpValues.toAmqp(e.getValue()));
            }
        }
        Map<String, Object> app = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : p.headers().entrySet()) {
            if (e.getKey().startsWith("x-")) {
                annotations.putIfAbsent(Symbol.valueOf(e.getKey()), AmqpValues.toAmqp(e.getValue()));
            } else if (AmqpValues.isSimple(e.getValue())) {
                app.put(e.getKey(), AmqpValues.toAmqp(e.getValue()));
            }
        }
        if (!annotations.isEmpty()) {
            encoder.writeObject(new MessageAnnotations(annotations));
        }
        boolean sections = InboundMessages.SECTIONS_TYPE.equals(p.type());
        Object keptSubject = m.annotations().get(InboundMessages.SUBJECT_ANNOTATION);
        Properties props = properties(p, sections, keptSubject instanceof String k ? k : null);
        if (props != null) {
            encoder.writeObject(props);
        }
        if (!app.isEmpty()) {
            encoder.writeObject(new ApplicationProperties(app));
        }
        ByteBuf body = m.body();
        if (!sections) {
            out.writeByte(0x00).writeByte(0x53).writeByte((int) Sections.DATA);
            out.writeByte(0xb0).writeInt(body.readableBytes());
        }
        out.writeBytes(body, body.readerIndex(), body.readableBytes());
    }

    /**
     * A whole AMQP frame on channel 0 holding {@code close} with {@code error}: what is sent when
     * the input is too broken for proton-j to keep the connection (it would close without saying
     * why).
     */
    ByteBuf closeFrame(org.apache.qpid.proton.amqp.transport.ErrorCondition error, ByteBufAllocator alloc) {
        ByteBuf frame = alloc.heapBuffer(128);
        frame.writeInt(0).writeByte(2).writeByte(0).writeShort(0);
        org.apache.qpid.proton.amqp.transport.Close close = new org.apache.qpid.proton.amqp.transport.Close();
        close.setError(error);
        encoder.setByteBuffer(writable.target(frame));
        try {
            encoder.writeObject(close);
        } finally {
            writable.target(null);
        }
        frame.setInt(0, frame.readableBytes());
        return frame;
    }

    /** The header a delivery carries, or null when every field has its default value. */
    static Header header(MessageProperties p, int deliveryCount) {
        boolean durable = p.persistent();
        Integer priority = p.priority();
        String expiration = p.expiration();
        boolean defaultPriority = priority == null || priority == InboundMessages.DEFAULT_PRIORITY;
        if (!durable && defaultPriority && expiration == null && deliveryCount <= 0) {
            return null;
        }
        Header h = new Header();
        if (durable) {
            h.setDurable(true);
        }
        if (!defaultPriority) {
            h.setPriority(UnsignedByte.valueOf((byte) Math.max(0, Math.min(255, priority))));
        }
        if (expiration != null) {
            try {
                h.setTtl(UnsignedInteger.valueOf(Math.min(Long.parseLong(expiration), 0xffffffffL)));
            } catch (NumberFormatException e) {
                // the core refuses such expirations at publish; nothing to carry
            }
        }
        if (deliveryCount > 0) {
            h.setDeliveryCount(UnsignedInteger.valueOf(deliveryCount));
        }
        return h;
    }

    private static Properties properties(MessageProperties p, boolean sections, String keptSubject) {
        String subject = sections ? keptSubject : p.type();
        if (p.messageId() == null && p.userId() == null && p.replyTo() == null && p.correlationId() == null
                && p.contentType() == null && p.contentEncoding() == null && p.timestamp() == null
                && subject == null && p.appId() == null) {
            return null;
        }
        Properties props = new Properties();
        props.setMessageId(AmqpValues.idFromString(p.messageId()));
        if (p.userId() != null) {
            props.setUserId(new Binary(p.userId().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        props.setReplyTo(p.replyTo());
        props.setCorrelationId(AmqpValues.idFromString(p.correlationId()));
        props.setContentType(p.contentType() == null ? null : Symbol.valueOf(p.contentType()));
        props.setContentEncoding(p.contentEncoding() == null ? null : Symbol.valueOf(p.contentEncoding()));
        if (p.timestamp() != null) {
            props.setCreationTime(new Date(p.timestamp().toEpochMilli()));
        }
        props.setSubject(subject);
        props.setGroupId(p.appId());
        return props;
    }
}
