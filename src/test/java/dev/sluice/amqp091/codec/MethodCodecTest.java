package dev.sluice.amqp091.codec;

import static dev.sluice.amqp091.codec.Buffers.octets;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Method payloads: a round trip of every method, the naming convention, bit packing, reserved
 * fields, hand-built payloads from the spec, and bad payloads.
 *
 * <p>Threading: single-threaded.
 */
class MethodCodecTest {

    static List<Method> samples() {
        return MethodSamples.all();
    }

    @Test
    void everyMethodKindHasASampleAndEachKindItsOwnRecord() {
        Set<MethodKind> sampled = samples().stream().map(Method::kind).collect(Collectors.toSet());
        assertEquals(EnumSet.allOf(MethodKind.class), sampled);
        assertEquals(64, MethodKind.values().length);
        assertEquals(64, samples().stream().map(Object::getClass).distinct().count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyMethodSurvivesARoundTrip(Method method) {
        ByteBuf buf = Unpooled.buffer();
        try {
            MethodCodec.encode(method, buf);
            Method decoded = MethodCodec.decode(buf);
            assertEquals(method, decoded);
            assertEquals(method.hashCode(), decoded.hashCode());
            assertFalse(buf.isReadable());
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void recordNamesFollowTheSpecNames(Method method) {
        String[] parts = method.name().split("[.-]");
        String expected = Arrays.stream(parts)
                .map(p -> Character.toUpperCase(p.charAt(0)) + p.substring(1))
                .collect(Collectors.joining());
        assertEquals(expected, method.getClass().getSimpleName());
        assertSame(method.kind(), MethodKind.of(method.classId(), method.methodId()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyTruncationOfAPayloadIsAFrameError(Method method) {
        byte[] payload = Buffers.written(buf -> MethodCodec.encode(method, buf));
        for (int length = 0; length < payload.length; length++) {
            ByteBuf prefix = Unpooled.wrappedBuffer(payload, 0, length);
            AmqpSyntaxException e = assertThrows(AmqpSyntaxException.class, () -> MethodCodec.decode(prefix));
            assertEquals(ReplyCodes.FRAME_ERROR, e.replyCode(), method.name() + " cut at " + length);
        }
    }

    @Test
    void specNamesAndContentFlags() {
        assertEquals("connection.start-ok", MethodKind.CONNECTION_START_OK.specName());
        assertEquals("basic.recover-async", MethodKind.BASIC_RECOVER_ASYNC.specName());
        assertEquals("connection.update-secret-ok", MethodKind.CONNECTION_UPDATE_SECRET_OK.specName());
        assertEquals("tx.rollback-ok", new TxRollbackOk().name());
        Set<MethodKind> withContent = Arrays.stream(MethodKind.values())
                .filter(MethodKind::carriesContent).collect(Collectors.toSet());
        assertEquals(Set.of(MethodKind.BASIC_PUBLISH, MethodKind.BASIC_RETURN, MethodKind.BASIC_DELIVER,
                MethodKind.BASIC_GET_OK), withContent);
        assertTrue(new BasicPublish("", "", false, false).hasContent());
        assertFalse(new BasicAck(1, false).hasContent());
    }

    @Test
    void basicPublishMatchesTheSpecLayout() {
        // class 60, method 40, ticket 0, shortstr "x", shortstr "rk", bits: mandatory (bit 0) set
        ByteBuf payload = octets(0, 60, 0, 40, 0, 0, 1, 'x', 2, 'r', 'k', 0b01);
        try {
            assertEquals(new BasicPublish("x", "rk", true, false), MethodCodec.decode(payload));
            assertArrayEquals(ByteBufUtil.getBytes(payload, 0, payload.capacity()),
                    Buffers.written(buf -> MethodCodec.encode(new BasicPublish("x", "rk", true, false), buf)));
        } finally {
            payload.release();
        }
    }

    @Test
    void consecutiveBitsShareAnOctetLowestBitFirst() {
        byte[] payload = Buffers.written(buf -> MethodCodec.encode(
                new QueueDeclare("q", true, false, true, false, true, Map.of()), buf));
        // ids(4) ticket(2) "q"(2) bits(1) empty table(4)
        assertEquals(13, payload.length);
        assertEquals(0b10101, payload[8]);
        byte[] declare = Buffers.written(buf -> MethodCodec.encode(
                new ExchangeDeclare("e", "fanout", false, true, true, true, false, null), buf));
        assertEquals(0b01110, declare[6 + 2 + 7]);
    }

    @Test
    void bitsAfterAnotherFieldStartANewOctet() {
        // basic.nack: delivery-tag(8), multiple and requeue in one octet
        byte[] nack = Buffers.written(buf -> MethodCodec.encode(new BasicNack(1, false, true), buf));
        assertEquals(4 + 8 + 1, nack.length);
        assertEquals(0b10, nack[12]);
        // basic.get-ok: a bit between a longlong and short strings, then a long
        byte[] getOk = Buffers.written(buf -> MethodCodec.encode(new BasicGetOk(1, true, "", "", 0), buf));
        assertEquals(4 + 8 + 1 + 1 + 1 + 4, getOk.length);
    }

    @Test
    void reservedFieldsAreWrittenEmptyAndSkippedWhenRead() {
        assertArrayEquals(new byte[] {0, 10, 0, 40, 1, '/', 0, 0},
                Buffers.written(buf -> MethodCodec.encode(new ConnectionOpen("/"), buf)));
        assertArrayEquals(new byte[] {0, 20, 0, 11, 0, 0, 0, 0},
                Buffers.written(buf -> MethodCodec.encode(new ChannelOpenOk(), buf)));
        // an old client's capabilities string and insist bit are accepted and dropped
        ByteBuf open = octets(0, 10, 0, 40, 1, '/', 3, 'a', 'b', 'c', 1);
        try {
            assertEquals(new ConnectionOpen("/"), MethodCodec.decode(open));
        } finally {
            open.release();
        }
    }

    @Test
    void unknownMethodIsNotImplemented() {
        for (int[] ids : new int[][] {{30, 10}, {60, 41}, {0, 0}, {65_535, 65_535}}) {
            ByteBuf payload = octets(ids[0] >> 8, ids[0] & 0xFF, ids[1] >> 8, ids[1] & 0xFF);
            AmqpSyntaxException e = assertThrows(AmqpSyntaxException.class, () -> MethodCodec.decode(payload));
            assertEquals(ReplyCodes.NOT_IMPLEMENTED, e.replyCode());
            payload.release();
        }
    }

    @Test
    void octetsAfterTheLastArgumentAreAFrameError() {
        ByteBuf payload = octets(0, 90, 0, 10, 0);
        AmqpSyntaxException e = assertThrows(AmqpSyntaxException.class, () -> MethodCodec.decode(payload));
        assertInstanceOf(AmqpFrameException.class, e);
        assertTrue(e.getMessage().contains("tx.select"), e.getMessage());
        payload.release();
    }

    @Test
    void unsignedThirtyTwoBitValuesSurviveInAnInt() {
        ByteBuf payload = octets(0, 50, 0, 31, 0xFF, 0xFF, 0xFF, 0xFE);
        QueuePurgeOk purgeOk = (QueuePurgeOk) MethodCodec.decode(payload);
        assertEquals(4_294_967_294L, Integer.toUnsignedLong(purgeOk.messageCount()));
        payload.release();
    }

    @Test
    void valuesThatDoNotFitAreRefusedAndNothingIsLeftWritten() {
        ByteBuf buf = Unpooled.buffer();
        buf.writeByte(7);
        String longName = "q".repeat(256);
        assertThrows(IllegalArgumentException.class,
                () -> MethodCodec.encode(new QueueDeclare(longName, false, false, false, false, false, null), buf));
        assertThrows(IllegalArgumentException.class, () -> MethodCodec.encode(new ConnectionTune(70_000, 0, 0), buf));
        assertThrows(IllegalArgumentException.class, () -> MethodCodec.encode(new ConnectionStart(256, 9, null,
                "PLAIN", "en_US"), buf));
        assertThrows(IllegalArgumentException.class, () -> MethodCodec.encode(new QueueBind("q", "x", "",
                false, Map.of("bad", new Object())), buf));
        assertEquals(1, buf.writerIndex());
        buf.release();
    }

    @Test
    void nullStringsAndTablesAreWrittenEmpty() {
        Method decoded = roundTrip(new QueueBind(null, null, null, false, null));
        assertEquals(new QueueBind("", "", "", false, Map.of()), decoded);
    }

    @Test
    void byteArraysCompareByContentAndSecretsStayOutOfToString() {
        ConnectionStartOk a = new ConnectionStartOk(Map.of(), "PLAIN", "\0u\0secret".getBytes(), "en_US");
        ConnectionStartOk b = new ConnectionStartOk(Map.of(), "PLAIN", "\0u\0secret".getBytes(), "en_US");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new ConnectionStartOk(Map.of(), "PLAIN", "\0u\0other".getBytes(), "en_US"));
        assertFalse(a.toString().contains("secret"), a.toString());
        assertFalse(new ConnectionUpdateSecret("tok3n".getBytes(), "r").toString().contains("tok3n"));
    }

    @Test
    void tablesInRecordsAreImmutableCopies() {
        Map<String, Object> args = new java.util.HashMap<>(Map.of("k", 1));
        QueueDeclare declare = new QueueDeclare("q", false, false, false, false, false, args);
        args.put("k", 2);
        assertEquals(1, declare.arguments().get("k"));
        assertThrows(UnsupportedOperationException.class, () -> declare.arguments().put("x", 1));
    }

    private static Method roundTrip(Method method) {
        ByteBuf buf = Unpooled.buffer();
        try {
            MethodCodec.encode(method, buf);
            return MethodCodec.decode(buf);
        } finally {
            buf.release();
        }
    }
}
