package dev.sluice.management;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.message.Message;
import dev.sluice.core.message.MessageProperties;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Message properties and payloads in the API's JSON, as RabbitMQ's {@code publish} and
 * {@code get} have them: properties named as in AMQP 0-9-1 ({@code content_type},
 * {@code delivery_mode}, {@code headers}, ...), payloads as text or base64.
 *
 * <p>Threading: stateless.
 */
final class MessageJson {
    static final List<String> PROPERTY_FIELDS = List.of("content_type", "content_encoding", "headers", "delivery_mode",
            "priority", "correlation_id", "reply_to", "expiration", "message_id", "timestamp", "type", "user_id",
            "app_id", "cluster_id");

    private MessageJson() {
    }

    static MessageProperties properties(JsonNode json) {
        if (json == null || json.isNull()) {
            return MessageProperties.EMPTY;
        }
        if (!json.isObject()) {
            throw ApiException.badRequest("field 'properties' must be a JSON object, got " + json);
        }
        Json.allowOnly(json, "properties", PROPERTY_FIELDS);
        long deliveryMode = Json.integer(json, "delivery_mode", 0);
        long priority = Json.integer(json, "priority", -1);
        long timestamp = Json.integer(json, "timestamp", -1);
        return MessageProperties.builder()
                .contentType(Json.string(json, "content_type", null))
                .contentEncoding(Json.string(json, "content_encoding", null))
                .headers(Json.table(json, "headers"))
                .deliveryMode(deliveryMode == 0 ? null : (int) deliveryMode)
                .priority(priority < 0 ? null : (int) priority)
                .correlationId(Json.string(json, "correlation_id", null))
                .replyTo(Json.string(json, "reply_to", null))
                .expiration(Json.string(json, "expiration", null))
                .messageId(Json.string(json, "message_id", null))
                .timestamp(timestamp < 0 ? null : Instant.ofEpochSecond(timestamp))
                .type(Json.string(json, "type", null))
                .userId(Json.string(json, "user_id", null))
                .appId(Json.string(json, "app_id", null))
                .clusterId(Json.string(json, "cluster_id", null))
                .build();
    }

    /** The body: {@code payload} decoded as {@code payload_encoding} ({@code string} or {@code base64}). */
    static byte[] payload(JsonNode body) {
        String payload = Json.string(body, "payload", "");
        String encoding = Json.string(body, "payload_encoding", "string");
        if (encoding.equals("string")) {
            return payload.getBytes(StandardCharsets.UTF_8);
        }
        if (encoding.equals("base64")) {
            try {
                return Base64.getDecoder().decode(payload);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("payload is not base64: " + e.getMessage());
            }
        }
        throw ApiException.badRequest("payload_encoding must be string or base64, got '" + encoding + "'");
    }

    /** One message as {@code get} returns it; the payload as text when it is UTF-8, else base64. */
    static ObjectNode message(Message m, boolean redelivered, int remaining, boolean forceBase64, int truncate) {
        byte[] body = ByteBufUtil.getBytes(m.body(), m.body().readerIndex(), m.body().readableBytes(), false);
        ObjectNode o = Json.object().put("payload_bytes", body.length).put("redelivered", redelivered)
                .put("exchange", m.exchange()).put("routing_key", m.routingKey()).put("message_count", remaining);
        o.set("properties", properties(m.properties()));
        byte[] shown = truncate >= 0 && body.length > truncate ? java.util.Arrays.copyOf(body, truncate) : body;
        String text = forceBase64 ? null : utf8(shown);
        if (text != null) {
            o.put("payload", text).put("payload_encoding", "string");
        } else {
            o.put("payload", Base64.getEncoder().encodeToString(shown)).put("payload_encoding", "base64");
        }
        return o;
    }

    static ObjectNode properties(MessageProperties p) {
        ObjectNode o = Json.object();
        putIf(o, "content_type", p.contentType());
        putIf(o, "content_encoding", p.contentEncoding());
        if (!p.headers().isEmpty()) {
            o.set("headers", Json.fromTable(p.headers()));
        }
        if (p.deliveryMode() != null) {
            o.put("delivery_mode", p.deliveryMode());
        }
        if (p.priority() != null) {
            o.put("priority", p.priority());
        }
        putIf(o, "correlation_id", p.correlationId());
        putIf(o, "reply_to", p.replyTo());
        putIf(o, "expiration", p.expiration());
        putIf(o, "message_id", p.messageId());
        if (p.timestamp() != null) {
            o.put("timestamp", p.timestamp().getEpochSecond());
        }
        putIf(o, "type", p.type());
        putIf(o, "user_id", p.userId());
        putIf(o, "app_id", p.appId());
        putIf(o, "cluster_id", p.clusterId());
        return o;
    }

    private static void putIf(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
