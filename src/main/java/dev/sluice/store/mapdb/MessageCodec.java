package dev.sluice.store.mapdb;

import dev.sluice.core.message.Message;
import dev.sluice.core.message.MessageProperties;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A message as one binary record, codec version 1:
 *
 * <pre>
 * u8      codec version (1)
 * i64     publishedAt (epoch ms)
 * string  exchange, string routing key
 * varint  CC key count, then each CC key as a string
 * u16     property flags: bit n set = property n present, in the order of
 *         {@link MessageProperties}: content-type, content-encoding, headers, delivery-mode,
 *         priority, correlation-id, reply-to, expiration, message-id, timestamp, type, user-id,
 *         app-id, cluster-id; then each present property (strings; tables by
 *         {@link FieldValueCodec}; integers as i32; the timestamp as i64 seconds + i32 nanos)
 * table   annotations
 * varint  body length, then the body
 * </pre>
 *
 * The message id is the record's key and is not repeated. The publisher's encoded properties are
 * an adapter's cache and are not kept: a recovered message has none, and adapters encode afresh.
 *
 * <p>Threading: stateless.
 */
final class MessageCodec {
    static final int VERSION = 1;

    private static final int CONTENT_TYPE = 0;
    private static final int CONTENT_ENCODING = 1;
    private static final int HEADERS = 2;
    private static final int DELIVERY_MODE = 3;
    private static final int PRIORITY = 4;
    private static final int CORRELATION_ID = 5;
    private static final int REPLY_TO = 6;
    private static final int EXPIRATION = 7;
    private static final int MESSAGE_ID = 8;
    private static final int TIMESTAMP = 9;
    private static final int TYPE = 10;
    private static final int USER_ID = 11;
    private static final int APP_ID = 12;
    private static final int CLUSTER_ID = 13;

    private MessageCodec() {
    }

    /** The record for {@code m}; reads the body without changing its indexes. */
    static byte[] encode(Message m) {
        ByteBuf out = Unpooled.buffer(128 + m.bodySize());
        try {
            out.writeByte(VERSION);
            out.writeLong(m.publishedAt());
            Bytes.writeString(out, m.exchange());
            Bytes.writeString(out, m.routingKey());
            Bytes.writeVarInt(out, m.ccKeys().size());
            for (String cc : m.ccKeys()) {
                Bytes.writeString(out, cc);
            }
            writeProperties(out, m.properties());
            FieldValueCodec.writeTable(out, m.annotations());
            ByteBuf body = m.body();
            Bytes.writeVarInt(out, body.readableBytes());
            out.writeBytes(body, body.readerIndex(), body.readableBytes());
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        return Bytes.toArrayAndRelease(out);
    }

    /** The message of a record; its body shares {@code record}'s array, and the caller owns it. */
    static Message decode(long id, byte[] record) {
        ByteBuf in = Unpooled.wrappedBuffer(record);
        try {
            Bytes.expectVersion(in, VERSION, "message");
            Message.Builder b = Message.builder().id(id).publishedAt(Bytes.readLong(in));
            b.exchange(Bytes.readString(in)).routingKey(Bytes.readString(in));
            int ccCount = Bytes.readVarInt(in);
            List<String> cc = new ArrayList<>(Math.min(ccCount, 64));
            for (int i = 0; i < ccCount; i++) {
                cc.add(Bytes.readString(in));
            }
            b.ccKeys(cc);
            b.properties(readProperties(in));
            b.annotations(FieldValueCodec.readTable(in));
            int bodyLength = Bytes.readLength(in);
            return b.body(in.retainedSlice(in.readerIndex(), bodyLength)).build();
        } finally {
            in.release();
        }
    }

    private static void writeProperties(ByteBuf out, MessageProperties p) {
        int flags = 0;
        flags |= bit(CONTENT_TYPE, p.contentType());
        flags |= bit(CONTENT_ENCODING, p.contentEncoding());
        flags |= p.headers().isEmpty() ? 0 : 1 << HEADERS;
        flags |= bit(DELIVERY_MODE, p.deliveryMode());
        flags |= bit(PRIORITY, p.priority());
        flags |= bit(CORRELATION_ID, p.correlationId());
        flags |= bit(REPLY_TO, p.replyTo());
        flags |= bit(EXPIRATION, p.expiration());
        flags |= bit(MESSAGE_ID, p.messageId());
        flags |= bit(TIMESTAMP, p.timestamp());
        flags |= bit(TYPE, p.type());
        flags |= bit(USER_ID, p.userId());
        flags |= bit(APP_ID, p.appId());
        flags |= bit(CLUSTER_ID, p.clusterId());
        out.writeShort(flags);
        writeIfSet(out, p.contentType());
        writeIfSet(out, p.contentEncoding());
        if (!p.headers().isEmpty()) {
            FieldValueCodec.writeTable(out, p.headers());
        }
        writeIfSet(out, p.deliveryMode());
        writeIfSet(out, p.priority());
        writeIfSet(out, p.correlationId());
        writeIfSet(out, p.replyTo());
        writeIfSet(out, p.expiration());
        writeIfSet(out, p.messageId());
        if (p.timestamp() != null) {
            out.writeLong(p.timestamp().getEpochSecond());
            out.writeInt(p.timestamp().getNano());
        }
        writeIfSet(out, p.type());
        writeIfSet(out, p.userId());
        writeIfSet(out, p.appId());
        writeIfSet(out, p.clusterId());
    }

    private static MessageProperties readProperties(ByteBuf in) {
        int flags = Bytes.readUnsignedShort(in);
        MessageProperties.Builder b = MessageProperties.builder();
        b.contentType(stringIf(in, flags, CONTENT_TYPE));
        b.contentEncoding(stringIf(in, flags, CONTENT_ENCODING));
        if (has(flags, HEADERS)) {
            b.headers(FieldValueCodec.readTable(in));
        }
        b.deliveryMode(intIf(in, flags, DELIVERY_MODE));
        b.priority(intIf(in, flags, PRIORITY));
        b.correlationId(stringIf(in, flags, CORRELATION_ID));
        b.replyTo(stringIf(in, flags, REPLY_TO));
        b.expiration(stringIf(in, flags, EXPIRATION));
        b.messageId(stringIf(in, flags, MESSAGE_ID));
        if (has(flags, TIMESTAMP)) {
            long seconds = Bytes.readLong(in);
            b.timestamp(Instant.ofEpochSecond(seconds, Bytes.readInt(in)));
        }
        b.type(stringIf(in, flags, TYPE));
        b.userId(stringIf(in, flags, USER_ID));
        b.appId(stringIf(in, flags, APP_ID));
        b.clusterId(stringIf(in, flags, CLUSTER_ID));
        return b.build();
    }

    private static int bit(int index, Object value) {
        return value == null ? 0 : 1 << index;
    }

    private static boolean has(int flags, int index) {
        return (flags & (1 << index)) != 0;
    }

    private static void writeIfSet(ByteBuf out, String value) {
        if (value != null) {
            Bytes.writeString(out, value);
        }
    }

    private static void writeIfSet(ByteBuf out, Integer value) {
        if (value != null) {
            out.writeInt(value);
        }
    }

    private static String stringIf(ByteBuf in, int flags, int index) {
        return has(flags, index) ? Bytes.readString(in) : null;
    }

    private static Integer intIf(ByteBuf in, int flags, int index) {
        return has(flags, index) ? Bytes.readInt(in) : null;
    }
}
