package dev.sluice.amqp091.codec;

import static dev.sluice.amqp091.codec.Buffers.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.message.MessageProperties;
import dev.sluice.transport.ProtocolHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The frame decoder: hand-built frames, frames split across reads, truncation at every octet, size
 * limits, bad frame ends and types, decode errors, and buffer ownership.
 *
 * <p>Threading: single-threaded.
 */
class FrameDecoderTest {
    private static final byte[] BODY = "hello, sluice".getBytes(StandardCharsets.UTF_8);

    /** basic.publish on channel 1 as the spec lays it out, byte by byte. */
    private static final byte[] PUBLISH_FRAME = {
        1, 0, 1, 0, 0, 0, 14, // method frame, channel 1, payload size 14
        0, 60, 0, 40, // basic.publish
        0, 0, // reserved ticket
        3, 'a', 'm', 'q', // exchange "amq"
        2, 'r', 'k', // routing key "rk"
        0b11, // mandatory, immediate
        (byte) 0xCE};

    /** A content header for a 13-octet body with content-type "text/plain". */
    private static final byte[] HEADER_FRAME = {
        2, 0, 1, 0, 0, 0, 25, // header frame, channel 1, payload size 25
        0, 60, 0, 0, // class basic, weight 0
        0, 0, 0, 0, 0, 0, 0, 13, // body size 13
        (byte) 0x80, 0, // flags: content-type
        10, 't', 'e', 'x', 't', '/', 'p', 'l', 'a', 'i', 'n',
        (byte) 0xCE};

    private static byte[] publishMessage() {
        return concat(PUBLISH_FRAME, HEADER_FRAME, Frames.body(1, Arrays.copyOf(BODY, 5)),
                Frames.body(1, Arrays.copyOfRange(BODY, 5, BODY.length)), Frames.heartbeat());
    }

    @Test
    void decodesAHandBuiltPublishWithHeaderAndTwoBodyFrames() {
        try (DecoderHarness harness = new DecoderHarness()) {
            List<Object> frames = harness.feed(publishMessage());
            assertEquals(5, frames.size());
            assertEquals(new MethodFrame(1, new BasicPublish("amq", "rk", true, true)), frames.get(0));
            ContentHeaderFrame header = (ContentHeaderFrame) frames.get(1);
            assertEquals(1, header.channel());
            assertEquals(13, header.header().bodySize());
            assertEquals(MessageProperties.builder().contentType("text/plain").build(), header.header().properties());
            assertArrayEquals(Arrays.copyOfRange(HEADER_FRAME, 19, 32), ByteBufUtil.getBytes(header.header().rawProperties()));
            assertEquals("hello", ((ContentBodyFrame) frames.get(2)).body().toString(StandardCharsets.UTF_8));
            assertEquals(", sluice", ((ContentBodyFrame) frames.get(3)).body().toString(StandardCharsets.UTF_8));
            assertEquals(new HeartbeatFrame(0), frames.get(4));
            assertTrue(harness.releaseEverything());
        }
    }

    @Test
    void ourEncoderMatchesTheHandBuiltFrames() {
        assertArrayEquals(PUBLISH_FRAME, Frames.method(1, new BasicPublish("amq", "rk", true, true)));
        assertArrayEquals(HEADER_FRAME, Frames.header(1, 13, MessageProperties.builder().contentType("text/plain").build()));
    }

    @Test
    void bodyFramesAreSlicesOfTheReceivedBytesNotCopies() {
        try (DecoderHarness harness = new DecoderHarness()) {
            EmbeddedChannel channel = harness.channel;
            byte[] frame = Frames.body(3, BODY);
            ByteBuf input = Unpooled.wrappedBuffer(frame);
            channel.writeInbound(input);
            ContentBodyFrame body = channel.readInbound();
            assertSame(frame, body.body().array(), "shares the input's memory");
            assertEquals(1, input.refCnt(), "the frame holds the only reference");
            assertTrue(body.release());
            assertEquals(0, input.refCnt());
        }
    }

    @Test
    void everySplitIntoTwoReadsDecodesTheSame() {
        byte[] stream = publishMessage();
        List<String> expected = describe(stream, new int[0]);
        for (int split = 1; split < stream.length; split++) {
            assertEquals(expected, describe(stream, new int[] {split}), "split at " + split);
        }
    }

    @Test
    void oneOctetPerReadDecodesTheSame() {
        byte[] stream = publishMessage();
        int[] splits = new int[stream.length - 1];
        for (int i = 0; i < splits.length; i++) {
            splits[i] = i + 1;
        }
        assertEquals(describe(stream, new int[0]), describe(stream, splits));
    }

    @Test
    void aStreamCutAtAnyOctetYieldsTheWholeFramesBeforeTheCutAndLeaksNothing() {
        byte[] stream = publishMessage();
        int[] frameEnds = {PUBLISH_FRAME.length, PUBLISH_FRAME.length + HEADER_FRAME.length,
            PUBLISH_FRAME.length + HEADER_FRAME.length + 13, PUBLISH_FRAME.length + HEADER_FRAME.length + 29,
            stream.length};
        for (int cut = 0; cut <= stream.length; cut++) {
            try (DecoderHarness harness = new DecoderHarness()) {
                harness.feed(stream, 0, cut);
                List<Object> frames = harness.finish();
                int whole = cut;
                long expected = Arrays.stream(frameEnds).filter(end -> end <= whole).count();
                assertEquals(expected, frames.size(), "cut at " + cut);
                frames.forEach(frame -> assertInstanceOf(Frame.class, frame));
                assertTrue(harness.releaseEverything(), "cut at " + cut);
            }
        }
    }

    @Test
    void theProtocolHeaderIsCheckedAndSkippedWhenExpected() {
        try (DecoderHarness harness = new DecoderHarness(true)) {
            List<Object> frames = harness.feed(concat(ProtocolHeader.AMQP_0_9_1.bytes(), Frames.heartbeat()));
            assertEquals(List.of(new HeartbeatFrame(0)), frames);
        }
        try (DecoderHarness harness = new DecoderHarness(true)) {
            byte[] amqp10 = ProtocolHeader.AMQP_1_0.bytes();
            List<Object> frames = harness.feed(concat(amqp10, Frames.heartbeat()));
            assertEquals(1, frames.size());
            assertEquals(ReplyCodes.FRAME_ERROR, ((FrameError) frames.get(0)).replyCode());
        }
    }

    @Test
    void aFrameOverFrameMaxIsRefusedAsSoonAsItsHeaderArrives() {
        try (DecoderHarness harness = new DecoderHarness()) {
            // 4089 payload octets make a 4097-octet frame, one more than the 4096 allowed before tuning
            List<Object> frames = harness.feed(new byte[] {3, 0, 1, 0, 0, 0x0F, (byte) 0xF9});
            assertEquals(List.of(new FrameError(1, ReplyCodes.FRAME_ERROR,
                    "frame payload of 4089 octets exceeds frame-max 4096", 0, 0)), frames);
            assertTrue(harness.decoder.failed());
        }
        try (DecoderHarness harness = new DecoderHarness()) {
            assertEquals(1, harness.feed(Frames.body(1, new byte[4088])).size());
        }
        try (DecoderHarness harness = new DecoderHarness()) {
            harness.decoder.setMaxFrameSize(131_072);
            List<Object> frames = harness.feed(Frames.body(1, new byte[131_064]));
            assertInstanceOf(ContentBodyFrame.class, frames.get(0));
            assertInstanceOf(FrameError.class, harness.feed(Frames.body(1, new byte[131_065])).get(1));
        }
        try (DecoderHarness harness = new DecoderHarness()) {
            harness.decoder.setMaxFrameSize(0);
            assertEquals(0, harness.decoder.maxFrameSize());
            assertInstanceOf(ContentBodyFrame.class, harness.feed(Frames.body(1, new byte[200_000])).get(0));
        }
    }

    @Test
    void frameMaxBelowTheSpecMinimumIsRefused() {
        FrameDecoder decoder = new FrameDecoder();
        assertThrows(IllegalArgumentException.class, () -> decoder.setMaxFrameSize(4095));
        assertThrows(IllegalArgumentException.class, () -> decoder.setMaxFrameSize(-1));
        assertEquals(4096, decoder.maxFrameSize());
    }

    @Test
    void aBadFrameEndIsAFrameErrorAndEverythingAfterItIsDiscarded() {
        try (DecoderHarness harness = new DecoderHarness()) {
            byte[] bad = Frames.raw(FrameConstants.FRAME_HEARTBEAT, 0, new byte[0], 0xCD);
            List<Object> frames = harness.feed(concat(Frames.heartbeat(), bad, Frames.heartbeat()));
            assertEquals(2, frames.size());
            assertEquals(new FrameError(0, ReplyCodes.FRAME_ERROR, "frame end octet 0xcd instead of 0xce", 0, 0),
                    frames.get(1));
            assertEquals(2, harness.feed(publishMessage()).size());
            assertTrue(harness.releaseEverything());
        }
    }

    @Test
    void unknownFrameTypesAreFrameErrors() {
        for (int type : new int[] {0, 4, 7, 9, 0xCE, 0xFF}) {
            try (DecoderHarness harness = new DecoderHarness()) {
                List<Object> frames = harness.feed(Frames.raw(type, 5, new byte[] {1}, 0xCE));
                assertEquals(List.of(new FrameError(5, ReplyCodes.FRAME_ERROR, "unknown frame type " + type, 0, 0)),
                        frames);
            }
        }
    }

    @Test
    void aHeartbeatWithAPayloadIsAFrameError() {
        try (DecoderHarness harness = new DecoderHarness()) {
            List<Object> frames = harness.feed(Frames.raw(FrameConstants.FRAME_HEARTBEAT, 0, new byte[] {0}, 0xCE));
            assertEquals(ReplyCodes.FRAME_ERROR, ((FrameError) frames.get(0)).replyCode());
        }
    }

    @Test
    void methodDecodeErrorsCarryTheChannelAndTheMethodIds() {
        try (DecoderHarness harness = new DecoderHarness()) {
            List<Object> frames = harness.feed(Frames.raw(1, 7, new byte[] {0, 60, 0, 41}, 0xCE));
            assertEquals(new FrameError(7, ReplyCodes.NOT_IMPLEMENTED, "unknown method: class-id 60, method-id 41",
                    60, 41), frames.get(0));
        }
        try (DecoderHarness harness = new DecoderHarness()) {
            byte[] payload = Arrays.copyOfRange(PUBLISH_FRAME, 7, PUBLISH_FRAME.length - 2);
            FrameError error = (FrameError) harness.feed(Frames.raw(1, 2, payload, 0xCE)).get(0);
            assertEquals(ReplyCodes.FRAME_ERROR, error.replyCode());
            assertEquals(2, error.channel());
            assertEquals(60, error.failedClassId());
            assertEquals(40, error.failedMethodId());
        }
        try (DecoderHarness harness = new DecoderHarness()) {
            FrameError error = (FrameError) harness.feed(Frames.raw(1, 2, new byte[] {0, 60}, 0xCE)).get(0);
            assertEquals(new FrameError(2, ReplyCodes.FRAME_ERROR, error.text(), 0, 0), error);
        }
    }

    @Test
    void headerDecodeErrorsAreFrameErrorsToo() {
        try (DecoderHarness harness = new DecoderHarness()) {
            byte[] payload = Arrays.copyOfRange(HEADER_FRAME, 7, HEADER_FRAME.length - 1);
            payload[1] = 50;
            FrameError error = (FrameError) harness.feed(Frames.raw(2, 1, payload, 0xCE)).get(0);
            assertEquals(ReplyCodes.UNEXPECTED_FRAME, error.replyCode());
            assertTrue(harness.releaseEverything());
        }
    }

    @Test
    void messagesFromTheRabbitMqJavaClientDecode() throws Exception {
        List<com.rabbitmq.client.impl.Method> theirs = List.of(
                new com.rabbitmq.client.impl.AMQImpl.Basic.Publish(0, "amq.topic", "a.b", true, false),
                new com.rabbitmq.client.impl.AMQImpl.Queue.Declare(0, "q", false, true, false, true, false,
                        MethodSamples.table()),
                new com.rabbitmq.client.impl.AMQImpl.Exchange.Declare(0, "x", "topic", false, true, true, true,
                        false, MethodSamples.table()),
                new com.rabbitmq.client.impl.AMQImpl.Basic.Consume(0, "q", "ctag", false, true, true, false,
                        MethodSamples.table()),
                new com.rabbitmq.client.impl.AMQImpl.Connection.StartOk(MethodSamples.table(), "PLAIN",
                        com.rabbitmq.client.impl.LongStringHelper.asLongString("\0guest\0guest"), "en_US"),
                new com.rabbitmq.client.impl.AMQImpl.Basic.Nack(42, true, true),
                new com.rabbitmq.client.impl.AMQImpl.Confirm.Select(false),
                new com.rabbitmq.client.impl.AMQImpl.Connection.TuneOk(2047, 131_072, 60));
        List<Method> ours = List.of(
                new BasicPublish("amq.topic", "a.b", true, false),
                new QueueDeclare("q", false, true, false, true, false, MethodSamples.table()),
                new ExchangeDeclare("x", "topic", false, true, true, true, false, MethodSamples.table()),
                new BasicConsume("q", "ctag", false, true, true, false, MethodSamples.table()),
                new ConnectionStartOk(MethodSamples.table(), "PLAIN", "\0guest\0guest".getBytes(StandardCharsets.UTF_8),
                        "en_US"),
                new BasicNack(42, true, true),
                new ConfirmSelect(false),
                new ConnectionTuneOk(2047, 131_072, 60));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        for (com.rabbitmq.client.impl.Method method : theirs) {
            method.toFrame(9).writeTo(out);
        }
        try (DecoderHarness harness = new DecoderHarness()) {
            harness.decoder.setMaxFrameSize(131_072);
            List<Object> frames = harness.feed(bytes.toByteArray());
            List<Object> expected = new ArrayList<>();
            ours.forEach(method -> expected.add(new MethodFrame(9, method)));
            assertEquals(expected, frames);
        }
    }

    /** Decodes the stream fed in pieces split at the given offsets, as strings (bodies as text). */
    private static List<String> describe(byte[] stream, int[] splits) {
        try (DecoderHarness harness = new DecoderHarness()) {
            int from = 0;
            for (int split : splits) {
                harness.feed(stream, from, split);
                from = split;
            }
            List<Object> frames = harness.feed(stream, from, stream.length);
            List<String> described = new ArrayList<>();
            for (Object frame : frames) {
                described.add(frame instanceof ContentBodyFrame body
                        ? "body " + body.channel() + " " + body.body().toString(StandardCharsets.UTF_8)
                        : frame.toString());
            }
            assertTrue(harness.releaseEverything());
            assertFalse(harness.decoder.failed());
            return described;
        }
    }
}
