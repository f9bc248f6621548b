package dev.sluice.interop.amqp091;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Broken input on a raw socket after a correct handshake done by hand: each must end that
 * connection with the right connection.close, while a second, healthy connection (the Java
 * client's, opened before) keeps working.
 */
class MalformedFramesIT {
    private static final int CHANNEL = 1;

    @RegisterExtension
    final AmqpFixture amqp = new AmqpFixture();
    private String healthyQueue;

    @BeforeEach
    void openHealthyConnection() throws Exception {
        healthyQueue = amqp.declareQueue("healthy");
        amqp.publish("", healthyQueue, "before");
    }

    @Test
    void wrongFrameEndOctetIs501() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.connectAndOpen(amqp.address())) {
            byte[] channelOpen = RawAmqpClient.methodPayload(20, 10, RawAmqpClient.args().shortString("").bytes());

            raw.sendFrame(RawAmqpClient.FRAME_METHOD, CHANNEL, channelOpen, 0x00);

            assertClosedWith(raw, AMQP.FRAME_ERROR);
        }
        assertHealthyConnectionStillWorks();
    }

    @Test
    void frameLargerThanFrameMaxIs501() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.connectAndOpen(amqp.address())) {
            raw.openChannel(CHANNEL);

            raw.sendFrame(RawAmqpClient.FRAME_METHOD, CHANNEL, new byte[RawAmqpClient.FRAME_MAX * 2], RawAmqpClient.FRAME_END);

            assertClosedWith(raw, AMQP.FRAME_ERROR);
        }
        assertHealthyConnectionStillWorks();
    }

    @Test
    void unknownFrameTypeIs501() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.connectAndOpen(amqp.address())) {
            raw.sendFrame(9, 0, new byte[4], RawAmqpClient.FRAME_END);

            assertClosedWith(raw, AMQP.FRAME_ERROR);
        }
        assertHealthyConnectionStillWorks();
    }

    @Test
    void fieldTableLongerThanTheMethodFrameIs501() throws Exception {
        // RabbitMQ answers a table that runs past the end of its frame with 501 FRAME_ERROR
        // "cannot decode ...", not with 502 SYNTAX_ERROR.
        try (RawAmqpClient raw = RawAmqpClient.connectAndOpen(amqp.address())) {
            raw.openChannel(CHANNEL);
            byte[] entry = RawAmqpClient.args().shortString("k").octet('S').longString("v".getBytes(US_ASCII)).bytes();

            raw.sendMethod(CHANNEL, 50, 10, queueDeclareWithTable(entry.length + 20, entry));

            assertClosedWith(raw, AMQP.FRAME_ERROR);
        }
        assertHealthyConnectionStillWorks();
    }

    @Test
    void fieldTableWithATruncatedEntryEndsTheConnection() throws Exception {
        // RabbitMQ 3.10 crashes the connection process on a table whose own length fits the frame but
        // whose entry is cut short: the socket is dropped without a connection.close. A broker may
        // send connection.close (502 SYNTAX_ERROR is apt) first; the test only needs the end.
        try (RawAmqpClient raw = RawAmqpClient.connectAndOpen(amqp.address())) {
            raw.openChannel(CHANNEL);
            byte[] entry = RawAmqpClient.args().shortString("k").octet('S').longInt(50).raw("v".getBytes(US_ASCII)).bytes();

            raw.sendMethod(CHANNEL, 50, 10, queueDeclareWithTable(entry.length, entry));

            assertTrue(raw.awaitEnd(), "the connection stayed open");
        }
        assertHealthyConnectionStillWorks();
    }

    @Test
    void fieldTableWithAnUnknownFieldTypeEndsTheConnection() throws Exception {
        // As with a truncated entry, RabbitMQ 3.10 drops the socket without a connection.close.
        try (RawAmqpClient raw = RawAmqpClient.connectAndOpen(amqp.address())) {
            raw.openChannel(CHANNEL);
            byte[] entry = RawAmqpClient.args().shortString("k").octet('Q').longInt(1).bytes();

            raw.sendMethod(CHANNEL, 50, 10, queueDeclareWithTable(entry.length, entry));

            assertTrue(raw.awaitEnd(), "the connection stayed open");
        }
        assertHealthyConnectionStillWorks();
    }

    @Test
    void methodOnAChannelThatWasNeverOpenedIs504() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.connectAndOpen(amqp.address())) {
            raw.sendMethod(3, 50, 10, queueDeclareWithTable(0, new byte[0]));

            assertClosedWith(raw, AMQP.CHANNEL_ERROR);
        }
        assertHealthyConnectionStillWorks();
    }

    @Test
    void contentHeaderWhereAMethodIsExpectedIs505() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.connectAndOpen(amqp.address())) {
            raw.openChannel(CHANNEL);
            byte[] header = RawAmqpClient.args().shortInt(60).shortInt(0).longInt(0).longInt(1).shortInt(0).bytes();

            raw.sendFrame(RawAmqpClient.FRAME_HEADER, CHANNEL, header, RawAmqpClient.FRAME_END);

            assertClosedWith(raw, AMQP.UNEXPECTED_FRAME);
        }
        assertHealthyConnectionStillWorks();
    }

    @Test
    void garbageProtocolHeaderIsAnsweredWithTheAmqp091HeaderAndClosed() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.connect(amqp.address())) {
            raw.sendBytes("GARBAGE!".getBytes(US_ASCII));

            RawAmqpClient.Ending ending = raw.readToEnd();
            if (ending.reset()) {
                // RabbitMQ sends the header, then closes with SO_LINGER 0: the RST can overtake the
                // header, so a reset only proves that no more than part of the header came first.
                byte[] prefix = Arrays.copyOf(RawAmqpClient.PROTOCOL_HEADER, ending.received().length);
                assertArrayEquals(prefix, ending.received());
            } else {
                assertArrayEquals(RawAmqpClient.PROTOCOL_HEADER, ending.received());
            }
        }
        assertHealthyConnectionStillWorks();
    }

    private static void assertClosedWith(RawAmqpClient raw, int replyCode) throws Exception {
        RawAmqpClient.Close close = raw.expectConnectionClose();
        assertEquals(replyCode, close.replyCode(), close::toString);
        assertTrue(raw.isClosedByPeer(), "the broker kept the connection open after close-ok");
    }

    private byte[] queueDeclareWithTable(int declaredTableLength, byte[] tableContent) {
        return RawAmqpClient.args().shortInt(0).shortString(amqp.name("q")).octet(0)
                .longInt(declaredTableLength).raw(tableContent).bytes();
    }

    private void assertHealthyConnectionStillWorks() throws Exception {
        amqp.publish("", healthyQueue, "after");
        assertEquals("before", amqp.getText(healthyQueue));
        assertEquals("after", amqp.getText(healthyQueue));
    }
}
