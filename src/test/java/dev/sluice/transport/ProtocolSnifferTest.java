package dev.sluice.transport;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The protocol sniffer on Netty's {@link EmbeddedChannel}: split headers, unknown headers, endpoint
 * hand-over, handshake timeout, early close.
 *
 * <p>Threading: single-threaded; the embedded channel runs its event loop on the test thread.
 */
class ProtocolSnifferTest {
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    private static final byte[] AMQP_091 = ProtocolHeader.AMQP_0_9_1.bytes();

    private EmbeddedChannel channel;

    @AfterEach
    void releaseEverything() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void unknownHeaderIsAnsweredWithTheAmqp091HeaderAndTheChannelCloses() {
        channel = sniffing(List.of());

        channel.writeInbound(bytes("GET / HTTP/1.1\r\n"));

        assertAnsweredWithAmqp091HeaderAndClosed();
    }

    @Test
    void amqp091HeaderIsRejectedWhileNoEndpointIsRegistered() {
        channel = sniffing(List.of());

        channel.writeInbound(Unpooled.wrappedBuffer(AMQP_091));

        assertAnsweredWithAmqp091HeaderAndClosed();
    }

    @Test
    void headerSplitAcrossReadsIsAwaitedBeforeAnswering() {
        channel = sniffing(List.of());

        channel.writeInbound(bytes("AMQ"));
        assertNull(channel.readOutbound(), "nothing may be answered before 8 bytes have arrived");
        assertTrue(channel.isOpen());

        channel.writeInbound(bytes("P"), Unpooled.wrappedBuffer(new byte[] {1, 1, 0}), bytes("9"));

        assertAnsweredWithAmqp091HeaderAndClosed();
    }

    @Test
    void acceptingEndpointIsInstalledAndGetsTheHeaderAndWhatFollows() {
        FakeEndpoint endpoint = new FakeEndpoint(ProtocolHeader.AMQP_1_0);
        channel = sniffing(List.of(endpoint));

        channel.writeInbound(bytes("AMQP"));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 1, 0, 0, 'f', 'r'}));
        channel.writeInbound(bytes("ame"));

        assertNull(channel.pipeline().get(ProtocolSniffer.class), "the sniffer removes itself");
        assertNotNull(channel.pipeline().get(FakeEndpoint.HANDLER_NAME));
        byte[] expected = concat(ProtocolHeader.AMQP_1_0.bytes(), "frame".getBytes(US_ASCII));
        assertArrayEquals(expected, readAllInbound());
        assertNull(channel.readOutbound());
        assertTrue(channel.isOpen());
    }

    @Test
    void firstAcceptingEndpointWins() {
        FakeEndpoint plain = new FakeEndpoint(ProtocolHeader.AMQP_1_0);
        FakeEndpoint sasl = new FakeEndpoint(ProtocolHeader.AMQP_1_0_SASL);
        channel = sniffing(List.of(plain, sasl));

        channel.writeInbound(Unpooled.wrappedBuffer(ProtocolHeader.AMQP_1_0_SASL.bytes()));

        assertEquals(0, plain.installs);
        assertEquals(1, sasl.installs);
        assertArrayEquals(ProtocolHeader.AMQP_1_0_SASL.bytes(), readAllInbound());
    }

    @Test
    void endpointThatAcceptsNothingLeavesTheHeaderRejected() {
        FakeEndpoint plain = new FakeEndpoint(ProtocolHeader.AMQP_1_0);
        channel = sniffing(List.of(plain));

        channel.writeInbound(Unpooled.wrappedBuffer(AMQP_091));

        assertEquals(0, plain.installs);
        assertAnsweredWithAmqp091HeaderAndClosed();
    }

    @Test
    void silentConnectionIsClosedAfterTheHandshakeTimeout() {
        channel = sniffing(List.of());
        channel.writeInbound(bytes("AMQP"));

        channel.freezeTime();
        channel.advanceTimeBy(HANDSHAKE_TIMEOUT.toMillis() / 2, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(channel.isOpen(), "closed before the timeout");

        channel.advanceTimeBy(HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(channel.isOpen(), "still open after the timeout");
        assertNull(channel.readOutbound(), "a timed-out connection gets no header back");
    }

    @Test
    void handshakeTimeoutStopsOnceAnEndpointTakesOver() {
        channel = sniffing(List.of(new FakeEndpoint(ProtocolHeader.AMQP_1_0)));
        channel.writeInbound(Unpooled.wrappedBuffer(ProtocolHeader.AMQP_1_0.bytes()));

        channel.advanceTimeBy(HANDSHAKE_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertTrue(channel.isOpen());
        readAllInbound();
    }

    @Test
    void clientClosingBeforeTheWholeHeaderGetsNoAnswer() {
        FakeEndpoint endpoint = new FakeEndpoint(ProtocolHeader.AMQP_1_0);
        channel = sniffing(List.of(endpoint));
        channel.writeInbound(bytes("AMQP"));

        channel.close();

        assertFalse(channel.isOpen());
        assertEquals(0, endpoint.installs);
        assertNull(channel.readOutbound());
        assertNull(channel.readInbound());
    }

    @Test
    void bytesAfterARejectedHeaderAreDiscarded() {
        channel = sniffing(List.of());

        channel.writeInbound(bytes("XXXXXXXXmore bytes in the same read"));

        assertArrayEquals(AMQP_091, readOutbound());
        assertNull(channel.readInbound());
    }

    private void assertAnsweredWithAmqp091HeaderAndClosed() {
        assertArrayEquals(AMQP_091, readOutbound());
        assertFalse(channel.isOpen(), "the channel should close after answering");
    }

    private static EmbeddedChannel sniffing(List<ProtocolEndpoint> endpoints) {
        return new EmbeddedChannel(new ProtocolSniffer(endpoints, HANDSHAKE_TIMEOUT));
    }

    private static ByteBuf bytes(String ascii) {
        return Unpooled.copiedBuffer(ascii, US_ASCII);
    }

    private byte[] readOutbound() {
        ByteBuf written = channel.readOutbound();
        assertNotNull(written, "nothing was written back");
        try {
            return ByteBufUtil.getBytes(written);
        } finally {
            written.release();
        }
    }

    private byte[] readAllInbound() {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        for (ByteBuf buf = channel.readInbound(); buf != null; buf = channel.readInbound()) {
            received.writeBytes(ByteBufUtil.getBytes(buf));
            buf.release();
        }
        return received.toByteArray();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** Accepts one header and installs a handler that passes bytes on to the channel's inbound queue. */
    private static final class FakeEndpoint implements ProtocolEndpoint {
        static final String HANDLER_NAME = "fake-endpoint";
        private final ProtocolHeader accepted;
        int installs;

        FakeEndpoint(ProtocolHeader accepted) {
            this.accepted = accepted;
        }

        @Override
        public String name() {
            return "fake " + accepted;
        }

        @Override
        public boolean accepts(ByteBuf header) {
            return accepted.matches(header);
        }

        @Override
        public void install(ChannelPipeline pipeline) {
            installs++;
            pipeline.addLast(HANDLER_NAME, new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ctx.fireChannelRead(msg);
                }
            });
        }
    }
}
