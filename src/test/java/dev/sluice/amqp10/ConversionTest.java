package dev.sluice.amqp10;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.message.Message;
import dev.sluice.core.message.MessageProperties;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedByte;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.junit.jupiter.api.Test;

/** AMQP 1.0 ⇄ neutral properties, both ways, and the bytes a 1.0 consumer gets. */
class ConversionTest {
    private final DecoderImpl decoder = new DecoderImpl();
    private final EncoderImpl encoder = new EncoderImpl(decoder);
    private final OutboundMessages outbound;

    ConversionTest() {
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
        outbound = new OutboundMessages(encoder);
    }

    private static byte[] encode(org.apache.qpid.proton.message.Message m) {
        byte[] buf = new byte[1 << 20];
        int n = m.encode(buf, 0, buf.length);
        return java.util.Arrays.copyOf(buf, n);
    }

    private Message inbound(byte[] bytes) {
        Sections s = Sections.scan(decoder, bytes, bytes.length);
        return InboundMessages.toCore(bytes, s, "x", "rk", 1_000_000L);
    }

    private org.apache.qpid.proton.message.Message decodeOutbound(Message m, int deliveryCount) {
        ByteBuf out = outbound.encode(m, deliveryCount, UnpooledByteBufAllocator.DEFAULT);
        try {
            org.apache.qpid.proton.message.Message pm = org.apache.qpid.proton.message.Message.Factory.create();
            byte[] bytes = ByteBufUtil.getBytes(out);
            pm.decode(bytes, 0, bytes.length);
            return pm;
        } finally {
            out.release();
        }
    }

    private static org.apache.qpid.proton.message.Message full() {
        org.apache.qpid.proton.message.Message m = org.apache.qpid.proton.message.Message.Factory.create();
        Header h = new Header();
        h.setDurable(true);
        h.setPriority(UnsignedByte.valueOf((byte) 7));
        h.setTtl(UnsignedInteger.valueOf(60_000));
        m.setHeader(h);
        Map<Symbol, Object> ann = new LinkedHashMap<>();
        ann.put(Symbol.valueOf("x-opt-jms-msg-type"), (byte) 3);
        m.setMessageAnnotations(new MessageAnnotations(ann));
        Properties p = new Properties();
        p.setMessageId("id-1");
        p.setCorrelationId(UUID.fromString("00000000-0000-0000-0000-000000000001"));
        p.setUserId(new Binary("guest".getBytes(StandardCharsets.UTF_8)));
        p.setReplyTo("/queues/replies");
        p.setContentType(Symbol.valueOf("application/octet-stream"));
        p.setContentEncoding(Symbol.valueOf("gzip"));
        p.setCreationTime(new Date(1_700_000_000_000L));
        p.setSubject("greeting");
        p.setGroupId("group");
        m.setProperties(p);
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("s", "text");
        app.put("i", 5);
        app.put("l", 6L);
        app.put("b", true);
        app.put("d", 1.5);
        app.put("sym", Symbol.valueOf("symbol"));
        app.put("ui", UnsignedInteger.valueOf(9));
        m.setApplicationProperties(new ApplicationProperties(app));
        m.setBody(new Data(new Binary(new byte[] {1, 2, 3})));
        return m;
    }

    @Test
    void amqp10PropertiesFillTheNeutralView() {
        Message m = inbound(encode(full()));
        try {
            MessageProperties p = m.properties();
            assertEquals(2, p.deliveryMode());
            assertEquals(7, p.priority());
            assertEquals("60000", p.expiration());
            assertEquals("id-1", p.messageId());
            assertEquals("urn:uuid:00000000-0000-0000-0000-000000000001", p.correlationId());
            assertEquals("guest", p.userId());
            assertEquals("/queues/replies", p.replyTo());
            assertEquals("application/octet-stream", p.contentType());
            assertEquals("gzip", p.contentEncoding());
            assertEquals(Instant.ofEpochMilli(1_700_000_000_000L), p.timestamp());
            assertEquals("greeting", p.type());
            assertEquals("group", p.appId());
            assertEquals("text", p.headers().get("s"));
            assertEquals(5, p.headers().get("i"));
            assertEquals(6L, p.headers().get("l"));
            assertEquals(true, p.headers().get("b"));
            assertEquals(1.5, p.headers().get("d"));
            assertEquals("symbol", p.headers().get("sym"));
            assertEquals(9L, p.headers().get("ui"));
            assertEquals((byte) 3, m.annotations().get("x-opt-jms-msg-type"));
            assertArrayEquals(new byte[] {1, 2, 3}, ByteBufUtil.getBytes(m.body()), "a 0-9-1 consumer gets the data");
        } finally {
            m.release();
        }
        assertEquals(0, m.body().refCnt());
    }

    @Test
    void anAmqp10ConsumerGetsThePublishersSectionsUnchangedAfterAFreshHeader() {
        byte[] sent = encode(full());
        Message m = inbound(sent);
        try {
            org.apache.qpid.proton.message.Message got = decodeOutbound(m, 2);
            assertEquals(2, got.getHeader().getDeliveryCount().intValue());
            assertEquals(7, got.getHeader().getPriority().intValue());
            assertTrue(got.getHeader().getDurable());
            assertEquals("id-1", got.getMessageId());
            assertEquals(Map.of("s", "text", "i", 5, "l", 6L, "b", true, "d", 1.5, "sym", Symbol.valueOf("symbol"),
                    "ui", UnsignedInteger.valueOf(9)), got.getApplicationProperties().getValue());
            assertEquals(new Binary(new byte[] {1, 2, 3}), ((Data) got.getBody()).getValue());
            ByteBuf out = outbound.encode(m, 0, UnpooledByteBufAllocator.DEFAULT);
            try {
                byte[] forwarded = ((Amqp10Encoded) m.encoded()).forwarded().array();
                byte[] tail = java.util.Arrays.copyOfRange(sent, sent.length - 20, sent.length);
                byte[] outTail = ByteBufUtil.getBytes(out, out.writerIndex() - 20, 20);
                assertArrayEquals(tail, outTail);
                assertTrue(forwarded.length > 0);
            } finally {
                out.release();
            }
        } finally {
            m.release();
        }
    }

    @Test
    void anAmqpValueBodyReachesZeroNineOneAsEncodedSectionsAndComesBackIntact() {
        org.apache.qpid.proton.message.Message pm = org.apache.qpid.proton.message.Message.Factory.create();
        pm.setBody(new AmqpValue(Map.of("k", "v")));
        pm.setSubject("kind");
        Message m = inbound(encode(pm));
        try {
            assertEquals(InboundMessages.SECTIONS_TYPE, m.properties().type());
            assertEquals(4, m.properties().priority(), "AMQP's default priority");
            Message stripped = m.toBuilder().build(); // as after dead-lettering: the encoded form is gone
            org.apache.qpid.proton.message.Message back = decodeOutbound(stripped, 0);
            assertEquals(Map.of("k", "v"), ((AmqpValue) back.getBody()).getValue());
            assertEquals("kind", back.getSubject(), "the subject is kept aside, not the marker type");
            assertNull(back.getMessageAnnotations(), "the kept subject is not sent as an annotation");
        } finally {
            m.release();
        }
    }

    @Test
    void aZeroNineOneMessageBecomesPropertiesAndOneDataSection() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("h", "v");
        headers.put("n", 3L);
        headers.put("table", Map.of("nested", 1));
        MessageProperties p = MessageProperties.builder().contentType("text/plain").contentEncoding("utf-8")
                .headers(headers).persistent().priority(2).correlationId("c").replyTo("replies").expiration("5000")
                .messageId("m").timestamp(Instant.ofEpochSecond(1_700_000_000L)).type("t").userId("guest")
                .appId("app").build();
        Message m = Message.builder().properties(p).body("hello").build();
        try {
            org.apache.qpid.proton.message.Message got = decodeOutbound(m, 0);
            assertTrue(got.getHeader().getDurable());
            assertEquals(2, got.getHeader().getPriority().intValue());
            assertEquals(5000, got.getHeader().getTtl().intValue());
            assertEquals("text/plain", got.getContentType());
            assertEquals("utf-8", got.getContentEncoding());
            assertEquals("c", got.getCorrelationId());
            assertEquals("replies", got.getReplyTo());
            assertEquals("m", got.getMessageId());
            assertEquals(1_700_000_000_000L, got.getCreationTime());
            assertEquals("t", got.getSubject());
            assertEquals("app", got.getGroupId());
            assertArrayEquals("guest".getBytes(StandardCharsets.UTF_8), got.getUserId());
            assertEquals(Map.of("h", "v", "n", 3L), got.getApplicationProperties().getValue(),
                    "tables cannot be application properties");
            Data body = assertInstanceOf(Data.class, got.getBody());
            assertEquals("hello", new String(body.getValue().getArray(), body.getValue().getArrayOffset(),
                    body.getValue().getLength(), StandardCharsets.UTF_8));
        } finally {
            m.release();
        }
    }

    @Test
    void thePublisherMarkForNoLocalConsumersIsNeverSent() {
        org.apache.qpid.proton.message.Message pm = org.apache.qpid.proton.message.Message.Factory.create();
        pm.setBody(new Data(new Binary(new byte[] {1})));
        byte[] bytes = encode(pm);
        Sections s = Sections.scan(decoder, bytes, bytes.length);
        Message m = InboundMessages.toCore(io.netty.buffer.Unpooled.wrappedBuffer(bytes), s, "", "q", 0, "conn-1");
        try {
            assertEquals("conn-1", m.annotations().get(InboundMessages.PUBLISHER_ANNOTATION));
            assertNull(decodeOutbound(m, 0).getMessageAnnotations(), "forwarded as the publisher sent it");
            assertNull(decodeOutbound(m.toBuilder().build(), 0).getMessageAnnotations(), "nor when converted");
        } finally {
            m.release();
        }
    }

    @Test
    void absoluteExpiryCountsWhenThereIsNoTtl() {
        org.apache.qpid.proton.message.Message pm = org.apache.qpid.proton.message.Message.Factory.create();
        Properties p = new Properties();
        p.setAbsoluteExpiryTime(new Date(1_000_000L + 2_500));
        pm.setProperties(p);
        pm.setBody(new Data(new Binary(new byte[0])));
        Message m = inbound(encode(pm));
        try {
            assertEquals("2500", m.properties().expiration());
        } finally {
            m.release();
        }
    }

    @Test
    void aMessageWithoutBodySectionHasAnEmptyBody() {
        org.apache.qpid.proton.message.Message pm = org.apache.qpid.proton.message.Message.Factory.create();
        pm.setSubject("only properties");
        Message m = inbound(encode(pm));
        try {
            assertEquals(0, m.bodySize());
            assertEquals("only properties", m.properties().type());
        } finally {
            m.release();
        }
    }

    @Test
    void malformedPayloadsAreRefused() {
        assertThrows(MalformedMessageException.class, () -> inbound(new byte[] {1, 2, 3}));
        assertThrows(MalformedMessageException.class, () -> inbound(new byte[] {0, 0x53, 0x75, (byte) 0xa0, 9, 1}));
        assertThrows(MalformedMessageException.class, () -> inbound(new byte[] {0, 0x53, 0x7f, 0x40}));
        byte[] twoHeaders = encode(full());
        byte[] doubled = new byte[twoHeaders.length * 2];
        System.arraycopy(twoHeaders, 0, doubled, 0, twoHeaders.length);
        System.arraycopy(twoHeaders, 0, doubled, twoHeaders.length, twoHeaders.length);
        assertThrows(MalformedMessageException.class, () -> inbound(doubled));
    }
}
