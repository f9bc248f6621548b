package dev.sluice.amqp10;

import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.ReadableBuffer;

/**
 * One pass over an encoded AMQP 1.0 message (a transfer's payload): the header, message
 * annotations, properties and application properties are decoded; the body sections are only
 * located (a single data section's bytes are found without being copied, value and sequence
 * sections are skipped over), so a body is never decoded or copied here.
 *
 * <p>Threading: instances are immutable; {@link #scan} uses the caller's decoder, which is not
 * thread-safe (one per connection).
 */
record Sections(Header header, Map<Symbol, Object> messageAnnotations, Properties properties,
                Map<String, Object> applicationProperties, int forwardFrom, int bodyStart, int bodyEnd,
                int dataOffset, int dataLength) {

    static final long HEADER = 0x70;
    static final long DELIVERY_ANNOTATIONS = 0x71;
    static final long MESSAGE_ANNOTATIONS = 0x72;
    static final long PROPERTIES = 0x73;
    static final long APPLICATION_PROPERTIES = 0x74;
    static final long DATA = 0x75;
    static final long AMQP_SEQUENCE = 0x76;
    static final long AMQP_VALUE = 0x77;
    static final long FOOTER = 0x78;
    private static final long DOMAIN = 0x00000000L;

    /** True when the body is exactly one data section, whose bytes are at {@code dataOffset}. */
    boolean singleData() {
        return dataOffset >= 0;
    }

    /**
     * Scans {@code bytes[0, length)}.
     *
     * @throws MalformedMessageException when the bytes are not a well-formed AMQP 1.0 message
     */
    @SuppressWarnings("unchecked")
    static Sections scan(DecoderImpl decoder, byte[] bytes, int length) {
        if (length == 0) {
            throw new MalformedMessageException("empty message: no sections at all");
        }
        ReadableBuffer in = ReadableBuffer.ByteBufferReader.wrap(ByteBuffer.wrap(bytes, 0, length));
        decoder.setBuffer(in);
        Header header = null;
        Map<Symbol, Object> annotations = null;
        Properties properties = null;
        Map<String, Object> appProperties = null;
        int forwardFrom = -1;
        int bodyStart = -1;
        int bodyEnd = -1;
        int dataOffset = -1;
        int dataLength = 0;
        int bodySections = 0;
        long last = -1;
        try {
            while (in.hasRemaining()) {
                int start = in.position();
                long code = readDescriptor(in);
                if (code < last && !(code >= DATA && code <= AMQP_VALUE && last >= DATA && last <= AMQP_VALUE)) {
                    throw new MalformedMessageException("section 0x" + Long.toHexString(code) + " out of order");
                }
                if (code == last && code < DATA) {
                    throw new MalformedMessageException("section 0x" + Long.toHexString(code) + " repeated");
                }
                last = code;
                if (code > DELIVERY_ANNOTATIONS && forwardFrom < 0) {
                    forwardFrom = start;
                }
                if (code == HEADER || code == DELIVERY_ANNOTATIONS || code == MESSAGE_ANNOTATIONS
                        || code == PROPERTIES || code == APPLICATION_PROPERTIES || code == FOOTER) {
                    in.position(start);
                    Object section = decoder.readObject();
                    if (section instanceof Header h) {
                        header = h;
                    } else if (section instanceof MessageAnnotations m) {
                        annotations = m.getValue();
                    } else if (section instanceof Properties p) {
                        properties = p;
                    } else if (section instanceof ApplicationProperties a) {
                        appProperties = a.getValue();
                    }
                    if (code == FOOTER && bodyStart >= 0 && bodyEnd < 0) {
                        bodyEnd = start;
                    }
                } else if (code == DATA) {
                    int size = readBinaryLength(in);
                    if (bodySections == 0) {
                        dataOffset = in.position();
                        dataLength = size;
                    }
                    in.position(in.position() + size);
                    bodyStart = bodyStart < 0 ? start : bodyStart;
                    bodySections++;
                } else if (code == AMQP_SEQUENCE || code == AMQP_VALUE) {
                    decoder.readConstructor().skipValue();
                    bodyStart = bodyStart < 0 ? start : bodyStart;
                    bodySections++;
                    dataOffset = -1;
                } else {
                    throw new MalformedMessageException("unknown section descriptor 0x" + Long.toHexString(code));
                }
                if (bodySections > 1) {
                    dataOffset = -1;
                }
            }
        } catch (MalformedMessageException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MalformedMessageException("malformed message: " + e);
        }
        if (bodySections == 0) {
            // Qpid JMS sends a plain javax.jms.Message without a body section: an empty body
            bodyStart = length;
            bodyEnd = length;
            dataOffset = length;
            dataLength = 0;
        } else if (bodyEnd < 0) {
            bodyEnd = length;
        }
        if (properties != null) {
            checkId("message-id", properties.getMessageId());
            checkId("correlation-id", properties.getCorrelationId());
        }
        if (appProperties != null) {
            for (Object key : appProperties.keySet()) {
                if (!(key instanceof String)) {
                    throw new MalformedMessageException("application-properties keys must be strings, got " + key);
                }
            }
        }
        return new Sections(header, annotations, properties, appProperties, forwardFrom < 0 ? length : forwardFrom,
                bodyStart, bodyEnd, dataOffset, dataLength);
    }

    /** A message-id or correlation-id is a ulong, uuid, binary or string (AMQP 1.0 §3.2.11). */
    private static void checkId(String field, Object id) {
        if (id != null && !(id instanceof String) && !(id instanceof java.util.UUID)
                && !(id instanceof org.apache.qpid.proton.amqp.UnsignedLong)
                && !(id instanceof org.apache.qpid.proton.amqp.Binary)) {
            throw new MalformedMessageException(field + " must be a ulong, uuid, binary or string");
        }
    }

    /** Reads {@code 0x00} and a section descriptor (ulong code or symbol), returning the code. */
    private static long readDescriptor(ReadableBuffer in) {
        if (in.get() != 0x00) {
            throw new MalformedMessageException("expected a described section");
        }
        int format = in.get() & 0xff;
        return switch (format) {
            case 0x53 -> in.get() & 0xff;
            case 0x80 -> in.getLong();
            case 0x44 -> 0;
            case 0xa3 -> codeOfSymbol(readAscii(in, in.get() & 0xff));
            case 0xb3 -> codeOfSymbol(readAscii(in, in.getInt()));
            default -> throw new MalformedMessageException("bad section descriptor format 0x" + Integer.toHexString(format));
        } | DOMAIN;
    }

    private static String readAscii(ReadableBuffer in, int length) {
        if (length < 0 || length > in.remaining()) {
            throw new MalformedMessageException("truncated section descriptor");
        }
        byte[] b = new byte[length];
        in.get(b);
        return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static long codeOfSymbol(String name) {
        return switch (name) {
            case "amqp:header:list" -> HEADER;
            case "amqp:delivery-annotations:map" -> DELIVERY_ANNOTATIONS;
            case "amqp:message-annotations:map" -> MESSAGE_ANNOTATIONS;
            case "amqp:properties:list" -> PROPERTIES;
            case "amqp:application-properties:map" -> APPLICATION_PROPERTIES;
            case "amqp:data:binary" -> DATA;
            case "amqp:amqp-sequence:list" -> AMQP_SEQUENCE;
            case "amqp:amqp-value:*" -> AMQP_VALUE;
            case "amqp:footer:map" -> FOOTER;
            default -> throw new MalformedMessageException("unknown section descriptor " + name);
        };
    }

    private static int readBinaryLength(ReadableBuffer in) {
        int format = in.get() & 0xff;
        int size = switch (format) {
            case 0xa0 -> in.get() & 0xff;
            case 0xb0 -> in.getInt();
            default -> throw new MalformedMessageException("data section holds format 0x" + Integer.toHexString(format)
                    + ", not a binary");
        };
        if (size < 0 || size > in.remaining()) {
            throw new MalformedMessageException("data section longer than the message");
        }
        return size;
    }
}
