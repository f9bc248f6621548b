package dev.sluice.amqp091.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.impl.AMQImpl;
import com.rabbitmq.client.impl.Frame;
import dev.sluice.core.message.MessageProperties;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The frame writer: method frames the RabbitMQ Java client reads, heartbeats, and content messages
 * split into body frames without copying the body.
 *
 * <p>Threading: single-threaded.
 */
class FrameWriterTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
    private static final MessageProperties PROPERTIES = BasicPropertiesTest.allFourteen();

    static List<Method> samples() {
        return MethodSamples.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void theRabbitMqJavaClientReadsEveryMethodFrame(Method method) throws IOException {
        ByteBuf frame = FrameWriter.methodFrame(ALLOC, 3, method);
        try {
            DataInputStream in = new DataInputStream(new ByteBufInputStream(frame));
            Frame theirs = Frame.readFrom(in, 1 << 20);
            assertEquals(FrameConstants.FRAME_METHOD, theirs.type);
            assertEquals(3, theirs.channel);
            com.rabbitmq.client.impl.Method decoded = AMQImpl.readMethodFrom(theirs.getInputStream());
            assertEquals(method.classId(), decoded.protocolClassId());
            assertEquals(method.methodId(), decoded.protocolMethodId());
            assertEquals(method.name(), decoded.protocolMethodName());
            assertEquals(0, frame.readableBytes());
        } finally {
            frame.release();
        }
    }

    @Test
    void theRabbitMqJavaClientReadsFieldValuesWeWrote() throws IOException {
        ByteBuf frame = FrameWriter.methodFrame(ALLOC, 1,
                new BasicDeliver("ctag", 77, true, "amq.direct", "key"));
        try {
            Frame theirs = Frame.readFrom(new DataInputStream(new ByteBufInputStream(frame)), 4096);
            AMQImpl.Basic.Deliver deliver = (AMQImpl.Basic.Deliver) AMQImpl.readMethodFrom(theirs.getInputStream());
            assertEquals("ctag", deliver.getConsumerTag());
            assertEquals(77, deliver.getDeliveryTag());
            assertTrue(deliver.getRedelivered());
            assertEquals("amq.direct", deliver.getExchange());
            assertEquals("key", deliver.getRoutingKey());
        } finally {
            frame.release();
        }
    }

    @Test
    void heartbeatsAreEightFreshOctets() {
        ByteBuf first = FrameWriter.heartbeat();
        ByteBuf second = FrameWriter.heartbeat();
        assertNotSame(first, second);
        assertArrayEquals(new byte[] {8, 0, 0, 0, 0, 0, 0, (byte) 0xCE}, ByteBufUtil.getBytes(first));
        first.skipBytes(8);
        assertEquals(8, second.readableBytes());
        assertTrue(first.isReadOnly());
        first.release();
        second.release();
        assertEquals(8, FrameWriter.heartbeat().readableBytes());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4087, 4088, 4089, 8176, 10_000, 100_000})
    void contentIsSplitAtFrameMaxMinusEightWithoutCopyingTheBody(int bodyLength) {
        byte[] bytes = new byte[bodyLength];
        new Random(bodyLength).nextBytes(bytes);
        ByteBuf body = bodyLength == 0 ? Unpooled.buffer(0) : Unpooled.wrappedBuffer(bytes);
        BasicDeliver deliver = new BasicDeliver("c", 1, false, "x", "k");
        CompositeByteBuf message = FrameWriter.contentMessage(ALLOC, 5, deliver, PROPERTIES, body, 4096);
        int bodyFrames = (bodyLength + 4087) / 4088;
        assertEquals(2 * bodyFrames + 1, message.numComponents());
        for (int i = 1; i < message.numComponents(); i += 2) {
            assertSame(bytes, message.internalComponent(i).array(), "body frame " + i / 2 + " is not a copy");
        }
        assertEquals(1 + bodyFrames, body.refCnt());

        try (DecoderHarness harness = new DecoderHarness()) {
            List<Object> frames = harness.feed(ByteBufUtil.getBytes(message));
            message.release();
            assertEquals(1, body.refCnt());
            assertEquals(new MethodFrame(5, deliver), frames.get(0));
            ContentHeader header = ((ContentHeaderFrame) frames.get(1)).header();
            assertEquals(bodyLength, header.bodySize());
            assertEquals(PROPERTIES, header.properties());
            assertEquals(2 + bodyFrames, frames.size());
            ByteBuf received = Unpooled.buffer();
            for (Object frame : frames.subList(2, frames.size())) {
                ContentBodyFrame bodyFrame = (ContentBodyFrame) frame;
                assertEquals(5, bodyFrame.channel());
                assertTrue(bodyFrame.body().readableBytes() <= 4088);
                received.writeBytes(bodyFrame.body(), bodyFrame.body().readerIndex(), bodyFrame.body().readableBytes());
            }
            assertArrayEquals(bytes, ByteBufUtil.getBytes(received));
            received.release();
            assertTrue(harness.releaseEverything());
        }
        assertEquals(0, body.readerIndex());
        assertTrue(body.release());
    }

    @Test
    void withoutAFrameLimitTheBodyGoesInOneFrame() {
        ByteBuf body = Unpooled.wrappedBuffer(new byte[50_000]);
        CompositeByteBuf message = FrameWriter.contentMessage(ALLOC, 1, new BasicGetOk(1, false, "", "q", 0),
                MessageProperties.EMPTY, body, 0);
        assertEquals(3, message.numComponents());
        message.release();
        assertTrue(body.release());
    }

    @Test
    void rawPropertiesAreForwardedAsTheyCame() {
        ByteBuf raw = Unpooled.buffer();
        BasicProperties.write(raw, PROPERTIES);
        ByteBuf body = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
        BasicPublish publish = new BasicPublish("x", "k", false, false);
        CompositeByteBuf fromRaw = FrameWriter.contentMessage(ALLOC, 1, publish, raw, body, 4096);
        CompositeByteBuf encoded = FrameWriter.contentMessage(ALLOC, 1, publish, PROPERTIES, body, 4096);
        assertArrayEquals(ByteBufUtil.getBytes(encoded), ByteBufUtil.getBytes(fromRaw));
        assertEquals(0, raw.readerIndex());
        fromRaw.release();
        encoded.release();
        assertTrue(raw.release());
        assertTrue(body.release());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, 4088})
    void aCopiedContentMessageHasTheSameOctetsAsTheSlicedOne(int bodyLength) {
        byte[] bytes = new byte[bodyLength];
        new Random(bodyLength).nextBytes(bytes);
        ByteBuf body = Unpooled.wrappedBuffer(bytes);
        ByteBuf raw = Unpooled.buffer();
        BasicProperties.write(raw, PROPERTIES);
        BasicDeliver deliver = new BasicDeliver("ctag", 7, true, "x", "key");
        CompositeByteBuf sliced = FrameWriter.contentMessage(ALLOC, 3, deliver, PROPERTIES, body, 4096);
        ByteBuf fromProperties = FrameWriter.copiedContentMessage(ALLOC, 3, deliver, PROPERTIES, body);
        ByteBuf fromRaw = FrameWriter.copiedContentMessage(ALLOC, 3, deliver, ByteBufUtil.getBytes(raw), body);
        assertArrayEquals(ByteBufUtil.getBytes(sliced), ByteBufUtil.getBytes(fromProperties));
        assertArrayEquals(ByteBufUtil.getBytes(sliced), ByteBufUtil.getBytes(fromRaw));
        assertEquals(0, body.readerIndex());
        sliced.release();
        fromProperties.release();
        fromRaw.release();
        raw.release();
        assertEquals(1, body.refCnt(), "the copies hold no reference to the body");
        body.release();
    }

    @Test
    void aCopiedContentMessageRefusesAMethodWithoutContent() {
        ByteBuf body = Unpooled.wrappedBuffer(new byte[10]);
        assertThrows(IllegalArgumentException.class,
                () -> FrameWriter.copiedContentMessage(ALLOC, 1, new BasicAck(1, false), PROPERTIES, body));
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.copiedContentMessage(ALLOC, 1,
                new BasicPublish("", "", false, false), MessageProperties.builder().priority(300).build(), body));
        assertTrue(body.release());
    }

    @Test
    void badArgumentsAreRefusedWithoutLeaks() {
        ByteBuf body = Unpooled.wrappedBuffer(new byte[10]);
        assertThrows(IllegalArgumentException.class,
                () -> FrameWriter.contentMessage(ALLOC, 1, new BasicAck(1, false), PROPERTIES, body, 4096));
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.contentMessage(ALLOC, 1,
                new BasicPublish("", "", false, false), PROPERTIES, body, 4095));
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.contentMessage(ALLOC, 70_000,
                new BasicPublish("", "", false, false), PROPERTIES, body, 4096));
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.contentMessage(ALLOC, 1,
                new BasicPublish("", "", false, false), MessageProperties.builder().priority(300).build(), body, 4096));
        assertEquals(1, body.refCnt());
        body.release();

        ByteBuf out = Unpooled.buffer();
        assertThrows(IllegalArgumentException.class,
                () -> FrameWriter.writeMethodFrame(out, 1, new BasicConsumeOk("t".repeat(300))));
        assertThrows(IllegalArgumentException.class,
                () -> FrameWriter.writeContentHeaderFrame(out, 1, -1, MessageProperties.EMPTY));
        assertEquals(0, out.writerIndex());
        out.release();
    }

    @Test
    void headerFramesCarryClassBasicAndWeightZero() {
        byte[] frame = Frames.header(2, 300, MessageProperties.EMPTY);
        assertArrayEquals(new byte[] {2, 0, 2, 0, 0, 0, 14, 0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 1, 44, 0, 0, (byte) 0xCE},
                frame);
    }
}
