package dev.sluice.amqp091.codec;

import dev.sluice.core.message.MessageProperties;
import io.netty.buffer.ByteBuf;
import java.time.Instant;

/**
 * The 14 properties of class {@code basic} as a content header carries them: one or more 16-bit
 * property-flag words (bit 15 of the first word is the first property; bit 0 set means another word
 * follows), then the values of the properties whose flags are set, in order. They map onto
 * {@link MessageProperties}; the timestamp is whole seconds on the wire and an {@link Instant} in
 * the core.
 *
 * <table>
 *   <caption>Properties, in wire order</caption>
 *   <tr><td>content-type, content-encoding</td><td>short string</td></tr>
 *   <tr><td>headers</td><td>table (written only when not empty: the core does not tell an empty
 *       table from none)</td></tr>
 *   <tr><td>delivery-mode, priority</td><td>octet</td></tr>
 *   <tr><td>correlation-id, reply-to, expiration, message-id</td><td>short string</td></tr>
 *   <tr><td>timestamp</td><td>64-bit seconds</td></tr>
 *   <tr><td>type, user-id, app-id, cluster-id</td><td>short string</td></tr>
 * </table>
 *
 * <p>Reading errors: values that end early or octets left after the last property are 501; a flag
 * for a 15th or later property, a bad header table or a timestamp no {@code Instant} can hold is 502.
 *
 * <p>Threading: stateless.
 */
public final class BasicProperties {
    private static final String CONTEXT = "basic properties";

    private static final int CONTENT_TYPE = 1 << 15;
    private static final int CONTENT_ENCODING = 1 << 14;
    private static final int HEADERS = 1 << 13;
    private static final int DELIVERY_MODE = 1 << 12;
    private static final int PRIORITY = 1 << 11;
    private static final int CORRELATION_ID = 1 << 10;
    private static final int REPLY_TO = 1 << 9;
    private static final int EXPIRATION = 1 << 8;
    private static final int MESSAGE_ID = 1 << 7;
    private static final int TIMESTAMP = 1 << 6;
    private static final int TYPE = 1 << 5;
    private static final int USER_ID = 1 << 4;
    private static final int APP_ID = 1 << 3;
    private static final int CLUSTER_ID = 1 << 2;
    private static final int UNUSED = 1 << 1;
    private static final int CONTINUATION = 1;

    private BasicProperties() {
    }

    /** Reads property flags and property values up to the end of {@code in}. */
    public static MessageProperties read(ByteBuf in) {
        int flags = Wire.readShort(in, CONTEXT);
        int word = flags;
        while ((word & CONTINUATION) != 0) {
            word = Wire.readShort(in, CONTEXT);
            if ((word & ~CONTINUATION) != 0) {
                throw new AmqpSyntaxException(CONTEXT + ": flags for more than the 14 basic properties");
            }
        }
        if ((flags & UNUSED) != 0) {
            throw new AmqpSyntaxException(CONTEXT + ": flag for a 15th basic property");
        }
        MessageProperties.Builder builder = MessageProperties.builder();
        builder.contentType(shortString(in, flags, CONTENT_TYPE));
        builder.contentEncoding(shortString(in, flags, CONTENT_ENCODING));
        if ((flags & HEADERS) != 0) {
            builder.headers(FieldTables.read(in));
        }
        builder.deliveryMode(octet(in, flags, DELIVERY_MODE));
        builder.priority(octet(in, flags, PRIORITY));
        builder.correlationId(shortString(in, flags, CORRELATION_ID));
        builder.replyTo(shortString(in, flags, REPLY_TO));
        builder.expiration(shortString(in, flags, EXPIRATION));
        builder.messageId(shortString(in, flags, MESSAGE_ID));
        if ((flags & TIMESTAMP) != 0) {
            builder.timestamp(readTimestamp(in));
        }
        builder.type(shortString(in, flags, TYPE));
        builder.userId(shortString(in, flags, USER_ID));
        builder.appId(shortString(in, flags, APP_ID));
        builder.clusterId(shortString(in, flags, CLUSTER_ID));
        if (in.isReadable()) {
            throw new AmqpFrameException(
                    CONTEXT + ": " + in.readableBytes() + " octets after the last property");
        }
        return builder.build();
    }

    /** The short string when {@code flag} is set in {@code flags}, else null. */
    private static String shortString(ByteBuf in, int flags, int flag) {
        return (flags & flag) == 0 ? null : Wire.readShortString(in, CONTEXT);
    }

    /** The octet when {@code flag} is set in {@code flags}, else null. */
    private static Integer octet(ByteBuf in, int flags, int flag) {
        return (flags & flag) == 0 ? null : Wire.readOctet(in, CONTEXT);
    }

    private static Instant readTimestamp(ByteBuf in) {
        long seconds = Wire.readLongLong(in, CONTEXT);
        if (seconds < Instant.MIN.getEpochSecond() || seconds > Instant.MAX.getEpochSecond()) {
            throw new AmqpSyntaxException(CONTEXT + ": timestamp " + seconds + " s is out of range");
        }
        return Instant.ofEpochSecond(seconds);
    }

    /**
     * Writes property flags and the values that are set. A value that does not fit (a string over
     * 255 octets, a delivery mode or priority outside 0..255, a header of no AMQP type) throws
     * {@link IllegalArgumentException}, and then nothing is left written.
     */
    public static void write(ByteBuf out, MessageProperties properties) {
        Wire.writeOrRollBack(out, buf -> {
            int flagsIndex = buf.writerIndex();
            buf.writeShort(0);
            buf.setShort(flagsIndex, writeValues(buf, properties));
        });
    }

    private static int writeValues(ByteBuf out, MessageProperties p) {
        int flags = 0;
        flags |= writeShortString(out, CONTENT_TYPE, p.contentType());
        flags |= writeShortString(out, CONTENT_ENCODING, p.contentEncoding());
        if (!p.headers().isEmpty()) {
            FieldTables.write(out, p.headers());
            flags |= HEADERS;
        }
        flags |= writeOctet(out, DELIVERY_MODE, p.deliveryMode(), "delivery-mode");
        flags |= writeOctet(out, PRIORITY, p.priority(), "priority");
        flags |= writeShortString(out, CORRELATION_ID, p.correlationId());
        flags |= writeShortString(out, REPLY_TO, p.replyTo());
        flags |= writeShortString(out, EXPIRATION, p.expiration());
        flags |= writeShortString(out, MESSAGE_ID, p.messageId());
        if (p.timestamp() != null) {
            out.writeLong(p.timestamp().getEpochSecond());
            flags |= TIMESTAMP;
        }
        flags |= writeShortString(out, TYPE, p.type());
        flags |= writeShortString(out, USER_ID, p.userId());
        flags |= writeShortString(out, APP_ID, p.appId());
        flags |= writeShortString(out, CLUSTER_ID, p.clusterId());
        return flags;
    }

    private static int writeShortString(ByteBuf out, int flag, String value) {
        if (value == null) {
            return 0;
        }
        Wire.writeShortString(out, value);
        return flag;
    }

    private static int writeOctet(ByteBuf out, int flag, Integer value, String what) {
        if (value == null) {
            return 0;
        }
        Wire.writeOctet(out, value, what);
        return flag;
    }
}
