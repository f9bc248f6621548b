package dev.sluice.amqp091.codec;

import static dev.sluice.amqp091.codec.Buffers.octets;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.AMQContentHeader;
import com.rabbitmq.client.impl.AMQImpl;
import dev.sluice.core.message.FieldValues;
import dev.sluice.core.message.MessageProperties;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Basic properties and content headers: all 14 properties both ways, flag layout, RabbitMQ Java
 * client compatibility, raw property bytes, and bad input.
 *
 * <p>Threading: single-threaded.
 */
class BasicPropertiesTest {

    static MessageProperties allFourteen() {
        return MessageProperties.builder()
                .contentType("application/json")
                .contentEncoding("gzip")
                .headers(Map.of("x-trace", "abc", "n", 3, "nested", Map.of("ok", true)))
                .deliveryMode(2)
                .priority(9)
                .correlationId("corr-1")
                .replyTo("amq.rabbitmq.reply-to")
                .expiration("60000")
                .messageId("msg-42")
                .timestamp(Instant.ofEpochSecond(1_700_000_123L))
                .type("order.created")
                .userId("guest")
                .appId("billing")
                .clusterId("c1")
                .build();
    }

    @Test
    void allFourteenPropertiesSurviveARoundTrip() {
        MessageProperties properties = allFourteen();
        byte[] encoded = Buffers.written(buf -> BasicProperties.write(buf, properties));
        assertEquals(0xFF, encoded[0] & 0xFF);
        assertEquals(0xFC, encoded[1] & 0xFF);
        ByteBuf buf = Unpooled.wrappedBuffer(encoded);
        assertEquals(properties, BasicProperties.read(buf));
        assertFalse(buf.isReadable());
    }

    @Test
    void emptyPropertiesAreTwoZeroOctets() {
        assertArrayEquals(new byte[] {0, 0}, Buffers.written(buf -> BasicProperties.write(buf, MessageProperties.EMPTY)));
        assertEquals(MessageProperties.EMPTY, BasicProperties.read(octets(0, 0)));
    }

    @Test
    void flagsGoFromBitFifteenDown() {
        MessageProperties contentType = MessageProperties.builder().contentType("t").build();
        assertArrayEquals(new byte[] {(byte) 0x80, 0, 1, 't'},
                Buffers.written(buf -> BasicProperties.write(buf, contentType)));
        MessageProperties clusterId = MessageProperties.builder().clusterId("c").build();
        assertArrayEquals(new byte[] {0, 0x04, 1, 'c'}, Buffers.written(buf -> BasicProperties.write(buf, clusterId)));
        MessageProperties persistent = MessageProperties.builder().persistent().build();
        assertArrayEquals(new byte[] {0x10, 0, 2}, Buffers.written(buf -> BasicProperties.write(buf, persistent)));
    }

    @Test
    void anEmptyContinuationWordIsAcceptedButFlagsPastTheFourteenthAreNot() {
        assertEquals("t", BasicProperties.read(octets(0x80, 0x01, 0, 0, 1, 't')).contentType());
        assertSyntaxError(octets(0x80, 0x01, 0x80, 0, 1, 't'), ReplyCodes.SYNTAX_ERROR);
        assertSyntaxError(octets(0x00, 0x02), ReplyCodes.SYNTAX_ERROR);
        assertSyntaxError(octets(0x00, 0x01), ReplyCodes.FRAME_ERROR);
    }

    @Test
    void leftoverOctetsAndEveryTruncationAreFrameErrors() {
        assertSyntaxError(octets(0, 0, 1), ReplyCodes.FRAME_ERROR);
        byte[] encoded = Buffers.written(buf -> BasicProperties.write(buf, allFourteen()));
        for (int cut = 0; cut < encoded.length; cut++) {
            assertSyntaxError(Unpooled.wrappedBuffer(encoded, 0, cut), ReplyCodes.FRAME_ERROR);
        }
    }

    @Test
    void timestampsNoInstantCanHoldAreSyntaxErrors() {
        assertSyntaxError(octets(0, 0x40, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF), ReplyCodes.SYNTAX_ERROR);
        Instant early = BasicProperties.read(octets(0, 0x40, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF))
                .timestamp();
        assertEquals(Instant.ofEpochSecond(-1), early);
    }

    @Test
    void valuesThatDoNotFitAreRefusedAndNothingIsLeftWritten() {
        ByteBuf out = Unpooled.buffer();
        assertThrows(IllegalArgumentException.class,
                () -> BasicProperties.write(out, MessageProperties.builder().deliveryMode(256).build()));
        assertThrows(IllegalArgumentException.class,
                () -> BasicProperties.write(out, MessageProperties.builder().priority(-1).build()));
        assertThrows(IllegalArgumentException.class,
                () -> BasicProperties.write(out, MessageProperties.builder().messageId("m".repeat(300)).build()));
        assertEquals(0, out.writerIndex());
        out.release();
    }

    @Test
    void contentHeaderKeepsTheRawPropertiesAsReceived() {
        byte[] properties = Buffers.written(buf -> BasicProperties.write(buf, allFourteen()));
        ByteBuf payload = Unpooled.buffer();
        payload.writeShort(60).writeShort(0).writeLong(1234).writeBytes(properties);
        ContentHeader header = ContentHeader.decode(payload);
        try {
            assertEquals(60, header.classId());
            assertEquals(1234, header.bodySize());
            assertEquals(allFourteen(), header.properties());
            assertArrayEquals(properties, ByteBufUtil.getBytes(header.rawProperties()));
            assertEquals(2, payload.refCnt());
        } finally {
            assertFalse(header.release(), "the test still holds the payload");
            assertEquals(1, payload.refCnt());
            assertTrue(payload.release());
        }
    }

    @Test
    void contentHeaderErrors() {
        assertHeaderError(octets(0, 50, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), ReplyCodes.UNEXPECTED_FRAME);
        assertHeaderError(octets(0, 60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), ReplyCodes.SYNTAX_ERROR);
        assertHeaderError(octets(0, 60, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0), ReplyCodes.FRAME_ERROR);
        assertHeaderError(octets(0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), ReplyCodes.FRAME_ERROR);
        assertHeaderError(octets(0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), ReplyCodes.FRAME_ERROR);
    }

    @Test
    void weReadTheRabbitMqJavaClientsHeaders() throws IOException {
        AMQP.BasicProperties theirs = new AMQP.BasicProperties.Builder()
                .contentType("application/json").contentEncoding("gzip")
                .headers(Map.of("x-trace", "abc", "n", 3)).deliveryMode(2).priority(9)
                .correlationId("corr-1").replyTo("r").expiration("60000").messageId("msg-42")
                .timestamp(new Date(1_700_000_123_000L)).type("t").userId("guest").appId("billing")
                .clusterId("c1").build();
        ByteBuf payload = Unpooled.wrappedBuffer(theirs.toFrame(1, 99).getPayload());
        ContentHeader header = ContentHeader.decode(payload);
        try {
            MessageProperties ours = header.properties();
            assertEquals(99, header.bodySize());
            assertEquals("application/json", ours.contentType());
            assertEquals(2, ours.deliveryMode());
            assertEquals(9, ours.priority());
            assertEquals(Instant.ofEpochSecond(1_700_000_123L), ours.timestamp());
            assertEquals("c1", ours.clusterId());
            assertTrue(FieldValues.tablesEqual(Map.of("x-trace", "abc", "n", 3), ours.headers()));
        } finally {
            header.release();
        }
    }

    @Test
    void theRabbitMqJavaClientReadsOurHeaders() throws IOException {
        ByteBuf frame = Unpooled.buffer();
        try {
            FrameWriter.writeContentHeaderFrame(frame, 1, 77, allFourteen());
            frame.skipBytes(FrameConstants.FRAME_HEADER_SIZE);
            AMQContentHeader header = AMQImpl.readContentHeaderFrom(new DataInputStream(new ByteBufInputStream(frame)));
            AMQP.BasicProperties theirs = (AMQP.BasicProperties) header;
            assertEquals(77, header.getBodySize());
            assertEquals("application/json", theirs.getContentType());
            assertEquals("gzip", theirs.getContentEncoding());
            assertEquals("abc", theirs.getHeaders().get("x-trace").toString());
            assertEquals(2, theirs.getDeliveryMode());
            assertEquals(9, theirs.getPriority());
            assertEquals("corr-1", theirs.getCorrelationId());
            assertEquals("amq.rabbitmq.reply-to", theirs.getReplyTo());
            assertEquals("60000", theirs.getExpiration());
            assertEquals("msg-42", theirs.getMessageId());
            assertEquals(new Date(1_700_000_123_000L), theirs.getTimestamp());
            assertEquals("order.created", theirs.getType());
            assertEquals("guest", theirs.getUserId());
            assertEquals("billing", theirs.getAppId());
            assertEquals("c1", theirs.getClusterId());
            assertEquals(1, frame.readableBytes(), "only the frame end is left");
        } finally {
            frame.release();
        }
    }

    private static void assertSyntaxError(ByteBuf properties, int replyCode) {
        assertDecodeError(properties, BasicProperties::read, replyCode);
    }

    private static void assertHeaderError(ByteBuf payload, int replyCode) {
        assertDecodeError(payload, ContentHeader::decode, replyCode);
    }

    /** Decoding throws the reply code, takes no reference to the input, and the input is released. */
    private static void assertDecodeError(ByteBuf input, Function<ByteBuf, ?> decoder, int replyCode) {
        try {
            assertEquals(replyCode, assertThrows(AmqpSyntaxException.class, () -> decoder.apply(input)).replyCode());
            assertEquals(1, input.refCnt());
        } finally {
            input.release();
        }
    }
}
