package dev.sluice.amqp10;

import dev.sluice.core.message.Message;
import dev.sluice.core.message.MessageProperties;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.Properties;

/**
 * Turns a message received from an AMQP 1.0 publisher into a core {@link Message}: the
 * publisher's sections stay as they are ({@link Amqp10Encoded}) for 1.0 consumers, and the
 * protocol-neutral view is filled at once for everyone else (0-9-1 consumers, routing, selectors):
 * application-properties become headers, and so do {@code x-} message annotations (RabbitMQ 4
 * does the same; the way back turns {@code x-} headers into annotations again); message-id, correlation-id, user-id, reply-to,
 * content-type, content-encoding are copied; creation-time is the timestamp, subject the type,
 * group-id the app-id; header durable, priority and ttl become delivery mode, priority and
 * expiration ({@code absolute-expiry-time} counts when there is no ttl). The body a 0-9-1
 * consumer sees is a single data section's bytes; any other body (amqp-value, amqp-sequence,
 * several data sections) is given as its encoded sections with type {@value #SECTIONS_TYPE}, as
 * RabbitMQ 4 does. Either way the body is a slice of the received bytes, never a copy.
 *
 * <p>Threading: stateless.
 */
final class InboundMessages {
    /** 0-9-1 type property of a body holding encoded AMQP 1.0 body sections (RabbitMQ 4's marker). */
    static final String SECTIONS_TYPE = "amqp-1.0";
    /**
     * Where the subject of a message with a {@value #SECTIONS_TYPE} body is kept (its 0-9-1 type is
     * the marker), so that it survives dead-lettering and a restart. Internal: never sent.
     */
    static final String SUBJECT_ANNOTATION = "x-sluice-subject";
    /**
     * The connection a message was published on, recorded only while that connection has a
     * {@code no-local} consumer (which must not get it). Internal: never sent.
     */
    static final String PUBLISHER_ANNOTATION = "x-sluice-publisher";
    /** AMQP 1.0's default priority, which a message without one has (JMS: 4). */
    static final int DEFAULT_PRIORITY = 4;

    private InboundMessages() {
    }

    /**
     * The core message for {@code payload} (which it takes over), published to {@code exchange}
     * with {@code routingKey}.
     */
    static Message toCore(ByteBuf payload, Sections s, String exchange, String routingKey, long now) {
        return toCore(payload, s, exchange, routingKey, now, null);
    }

    /** As above, marking the message as published by {@code publisher} when that is not null. */
    static Message toCore(ByteBuf payload, Sections s, String exchange, String routingKey, long now,
                          String publisher) {
        return toCore(payload, s, exchange, routingKey, now, publisher, 0);
    }

    /** As above, with the message id {@code id} (0: the virtual host gives it one). */
    static Message toCore(ByteBuf payload, Sections s, String exchange, String routingKey, long now,
                          String publisher, long id) {
        boolean single = s.singleData();
        ByteBuf body = single ? payload.slice(s.dataOffset(), s.dataLength())
                : payload.slice(s.bodyStart(), s.bodyEnd() - s.bodyStart());
        return Message.builder()
                .exchange(exchange)
                .routingKey(routingKey)
                .properties(properties(s, single, now))
                .annotations(annotations(s, single, publisher))
                .encoded(new Amqp10Encoded(payload, s.forwardFrom()))
                .publishedAt(now)
                .id(id)
                .body(body)
                .build();
    }

    /** A message built from the given bytes, for tests and the delayed-delivery timer. */
    static Message toCore(byte[] bytes, Sections s, String exchange, String routingKey, long now) {
        return toCore(Unpooled.wrappedBuffer(bytes), s, exchange, routingKey, now);
    }

    static MessageProperties properties(Sections s, boolean singleData, long now) {
        MessageProperties.Builder b = MessageProperties.builder();
        Header h = s.header();
        Integer priority = DEFAULT_PRIORITY;
        if (h != null) {
            b.deliveryMode(Boolean.TRUE.equals(h.getDurable()) ? 2 : 1);
            if (h.getPriority() != null) {
                priority = h.getPriority().intValue();
            }
            if (h.getTtl() != null) {
                b.expiration(Long.toString(h.getTtl().longValue()));
            }
        }
        b.priority(priority);
        Properties p = s.properties();
        if (p != null) {
            b.messageId(AmqpValues.idToString(p.getMessageId()));
            b.correlationId(AmqpValues.idToString(p.getCorrelationId()));
            Binary user = p.getUserId();
            if (user != null) {
                b.userId(AmqpValues.idToString(user));
            }
            b.replyTo(p.getReplyTo());
            b.contentType(p.getContentType() == null ? null : p.getContentType().toString());
            b.contentEncoding(p.getContentEncoding() == null ? null : p.getContentEncoding().toString());
            if (p.getCreationTime() != null) {
                b.timestamp(p.getCreationTime().toInstant());
            }
            b.type(p.getSubject());
            b.appId(p.getGroupId());
            Date expiry = p.getAbsoluteExpiryTime();
            if (expiry != null && (h == null || h.getTtl() == null)) {
                b.expiration(Long.toString(Math.max(0, expiry.getTime() - now)));
            }
        }
        if (!singleData) {
            b.type(SECTIONS_TYPE);
        }
        Map<String, Object> headers = new LinkedHashMap<>();
        if (s.applicationProperties() != null) {
            for (Map.Entry<String, Object> e : s.applicationProperties().entrySet()) {
                Object v = AmqpValues.toCore(e.getValue());
                if (AmqpValues.isSimple(v)) {
                    headers.put(e.getKey(), v);
                }
            }
        }
        if (s.messageAnnotations() != null) {
            for (Map.Entry<Symbol, Object> e : s.messageAnnotations().entrySet()) {
                String key = String.valueOf(e.getKey());
                Object v = AmqpValues.toCore(e.getValue());
                if (key.startsWith("x-") && AmqpValues.isSimple(v)) {
                    headers.putIfAbsent(key, v);
                }
            }
        }
        b.headers(headers);
        return b.build();
    }

    static Map<String, Object> annotations(Sections s, boolean singleData, String publisher) {
        Map<Symbol, Object> annotations = s.messageAnnotations();
        String subject = singleData || s.properties() == null ? null : s.properties().getSubject();
        if ((annotations == null || annotations.isEmpty()) && subject == null && publisher == null) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (annotations != null) {
            for (Map.Entry<Symbol, Object> e : annotations.entrySet()) {
                out.put(String.valueOf(e.getKey()), AmqpValues.toCore(e.getValue()));
            }
        }
        if (subject != null) {
            out.put(SUBJECT_ANNOTATION, subject);
        }
        if (publisher != null) {
            out.put(PUBLISHER_ANNOTATION, publisher);
        }
        return out;
    }
}
