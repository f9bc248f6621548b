package dev.sluice.amqp091.codec;

import static dev.sluice.amqp091.codec.Buffers.octets;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.impl.ValueReader;
import com.rabbitmq.client.impl.ValueWriter;
import dev.sluice.core.message.FieldValues;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Field tables and arrays: every type letter both ways, RabbitMQ Java client compatibility, and
 * hostile input (truncation, bad lengths, unknown letters, deep nesting).
 *
 * <p>Threading: single-threaded.
 */
class FieldTablesTest {

    static Map<String, Object> everyWritableType() {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("bool", true);
        table.put("byte", (byte) -5);
        table.put("short", (short) -300);
        table.put("int", Integer.MIN_VALUE);
        table.put("long", Long.MAX_VALUE);
        table.put("float", 1.5f);
        table.put("double", -2.25d);
        table.put("decimal", new BigDecimal("-123.45"));
        table.put("string", "h\u00e9llo \u2603");
        table.put("bytes", new byte[] {0, 1, (byte) 0xFF});
        table.put("array", List.of(1, "two", List.of(), Map.of("in", "array")));
        table.put("timestamp", new Date(1_700_000_000_000L));
        table.put("table", Map.of("inner", Map.of("deeper", 1L)));
        table.put("void", null);
        table.put("", "empty key");
        return table;
    }

    @Test
    void everyWritableTypeSurvivesARoundTripInOrder() {
        Map<String, Object> table = everyWritableType();
        Map<String, Object> decoded = roundTrip(table);
        assertTrue(FieldValues.tablesEqual(table, decoded), decoded::toString);
        assertEquals(new ArrayList<>(table.keySet()), new ArrayList<>(decoded.keySet()));
        assertInstanceOf(LinkedHashMap.class, decoded);
        table.forEach((key, value) -> {
            if (value != null && !(value instanceof Map) && !(value instanceof List)) {
                assertEquals(value.getClass(), decoded.get(key).getClass(), key);
            }
        });
        assertArrayEquals(new byte[] {0, 1, (byte) 0xFF}, (byte[]) decoded.get("bytes"));
        assertNull(decoded.get("void"));
        assertTrue(decoded.containsKey("void"));
    }

    @Test
    void decodeOnlyLettersReadAsTheNextWiderType() {
        // B unsigned octet, u unsigned short, i unsigned long
        ByteBuf buf = entries(1, 'B', 'B', 0xFF, 1, 'u', 'u', 0xFF, 0xFE, 1, 'i', 'i', 0xFF, 0xFF, 0xFF, 0xFD);
        Map<String, Object> decoded = FieldTables.read(buf);
        assertEquals((short) 255, decoded.get("B"));
        assertEquals(65_534, decoded.get("u"));
        assertEquals(4_294_967_293L, decoded.get("i"));
        buf.release();
    }

    @Test
    void booleanIsAnyNonZeroOctetAndTimestampIsSeconds() {
        ByteBuf buf = entries(1, 't', 't', 2, 1, 'T', 'T', 0, 0, 0, 0, 0, 0, 0, 61);
        Map<String, Object> decoded = FieldTables.read(buf);
        assertEquals(true, decoded.get("t"));
        assertEquals(new Date(61_000), decoded.get("T"));
        buf.release();
    }

    @Test
    void decimalsAreScaleAndSignedValue() {
        ByteBuf buf = table('D', 2, 0xFF, 0xFF, 0xFF, 0xFE);
        assertEquals(new BigDecimal("-0.02"), FieldTables.read(buf).get("D"));
        buf.release();
        assertEquals(new BigDecimal("1000"), roundTrip(Map.of("d", new BigDecimal("1E+3"))).get("d"));
        ByteBuf out = Unpooled.buffer();
        assertThrows(IllegalArgumentException.class,
                () -> FieldTables.write(out, Map.of("d", new BigDecimal("4294967296"))));
        assertThrows(IllegalArgumentException.class,
                () -> FieldTables.write(out, Map.of("d", BigDecimal.ONE.movePointLeft(256))));
        assertEquals(0, out.writerIndex());
        out.release();
    }

    @Test
    void arraysRoundTripOnTheirOwn() {
        List<Object> array = new ArrayList<>(List.of("a", 2, 3L, Map.of("k", "v")));
        array.add(null);
        ByteBuf buf = Unpooled.buffer();
        FieldTables.writeArray(buf, array);
        assertEquals(array, FieldTables.readArray(buf));
        assertFalse(buf.isReadable());
        buf.release();
    }

    @Test
    void nullTableIsWrittenEmpty() {
        assertArrayEquals(new byte[] {0, 0, 0, 0}, Buffers.written(buf -> FieldTables.write(buf, null)));
        assertEquals(Map.of(), roundTrip(null));
    }

    @Test
    void unsupportedValuesAreRefusedAndNothingIsLeftWritten() {
        ByteBuf out = Unpooled.buffer();
        for (Object bad : List.of(new Object(), 'c', new java.math.BigInteger("1"), new int[] {1})) {
            assertThrows(IllegalArgumentException.class, () -> FieldTables.write(out, Map.of("k", 1, "z", bad)));
        }
        Map<Object, Object> nonStringKey = new HashMap<>();
        nonStringKey.put(1, "one");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, Object> sneaky = (Map) nonStringKey;
        assertThrows(IllegalArgumentException.class, () -> FieldTables.write(out, sneaky));
        assertThrows(IllegalArgumentException.class, () -> FieldTables.write(out, Map.of("k".repeat(256), 1)));
        Map<String, Object> cyclic = new HashMap<>();
        cyclic.put("self", cyclic);
        assertThrows(IllegalArgumentException.class, () -> FieldTables.write(out, cyclic));
        assertEquals(0, out.writerIndex());
        out.release();
    }

    @Test
    void everyTruncationIsAFrameError() {
        byte[] encoded = Buffers.written(buf -> FieldTables.write(buf, everyWritableType()));
        for (int cut = 0; cut < encoded.length; cut++) {
            ByteBuf prefix = Unpooled.wrappedBuffer(encoded, 0, cut);
            AmqpSyntaxException e = assertThrows(AmqpSyntaxException.class, () -> FieldTables.read(prefix));
            assertEquals(ReplyCodes.FRAME_ERROR, e.replyCode(), "cut at " + cut);
        }
    }

    @Test
    void everyShortenedTableLengthIsAnError() {
        byte[] encoded = Buffers.written(buf -> FieldTables.write(buf, everyWritableType()));
        int length = encoded.length - 4;
        for (int declared = 0; declared < length; declared++) {
            ByteBuf buf = Unpooled.wrappedBuffer(encoded.clone());
            buf.setInt(0, declared);
            try {
                FieldTables.read(buf);
                // a shorter table can still be whole if it ends between two entries
            } catch (AmqpSyntaxException expected) {
                assertEquals(ReplyCodes.FRAME_ERROR, expected.replyCode());
            }
        }
    }

    @Test
    void lengthsPastTheEndOrNegativeAreFrameErrors() {
        for (ByteBuf bad : List.of(
                octets(0, 0, 0, 5, 1, 'k'),
                octets(0xFF, 0xFF, 0xFF, 0xFF, 1, 'k', 'V'),
                octets(0x80, 0, 0, 0),
                table('S', 0x7F, 0xFF, 0xFF, 0xFF),
                table('x', 0xFF, 0xFF, 0xFF, 0xF0),
                table('A', 0x80, 0, 0, 1),
                table('F', 0, 0, 0, 9),
                octets(0, 0, 0, 3, 9, 'k', 'V'))) {
            AmqpSyntaxException e = assertThrows(AmqpSyntaxException.class, () -> FieldTables.read(bad));
            assertEquals(ReplyCodes.FRAME_ERROR, e.replyCode());
            bad.release();
        }
    }

    @Test
    void unknownTypeLettersAreSyntaxErrors() {
        for (int letter : new int[] {'Z', 'c', 0, 0xFF, 'U', 'L'}) {
            ByteBuf bad = table(letter, 0, 0, 0, 0);
            AmqpSyntaxException e = assertThrows(AmqpSyntaxException.class, () -> FieldTables.read(bad));
            assertEquals(ReplyCodes.SYNTAX_ERROR, e.replyCode());
            bad.release();
        }
    }

    @Test
    void timestampsNoDateCanHoldAreSyntaxErrors() {
        ByteBuf bad = table('T', 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
        assertEquals(ReplyCodes.SYNTAX_ERROR,
                assertThrows(AmqpSyntaxException.class, () -> FieldTables.read(bad)).replyCode());
        bad.release();
    }

    @Test
    void nestingIsLimited() {
        assertEquals(ReplyCodes.SYNTAX_ERROR, assertThrows(AmqpSyntaxException.class,
                () -> readNested(FieldTables.MAX_DEPTH + 1, 'F')).replyCode());
        assertEquals(ReplyCodes.SYNTAX_ERROR, assertThrows(AmqpSyntaxException.class,
                () -> readNested(FieldTables.MAX_DEPTH + 1, 'A')).replyCode());
        assertEquals(ReplyCodes.SYNTAX_ERROR, assertThrows(AmqpSyntaxException.class,
                () -> readNested(100_000, 'F')).replyCode());
        readNested(FieldTables.MAX_DEPTH, 'F');
        readNested(FieldTables.MAX_DEPTH, 'A');
    }

    /**
     * Reads {@code depth} nested containers: a table whose only value is a table or array
     * ({@code letter}), whose only value is another, and so on; the innermost is empty.
     */
    private static void readNested(int depth, char letter) {
        ByteBuf buf = Unpooled.buffer();
        try {
            int[] lengthAt = new int[depth];
            for (int level = 0; level < depth; level++) {
                lengthAt[level] = buf.writerIndex();
                buf.writeInt(0);
                if (level < depth - 1) {
                    boolean isTable = level == 0 || letter == 'F';
                    if (isTable) {
                        buf.writeByte(1).writeByte('k');
                    }
                    buf.writeByte(letter);
                }
            }
            for (int level = depth - 1; level >= 0; level--) {
                buf.setInt(lengthAt[level], buf.writerIndex() - lengthAt[level] - 4);
            }
            FieldTables.read(buf);
            assertFalse(buf.isReadable());
        } finally {
            buf.release();
        }
    }

    @Test
    void rabbitMqJavaClientReadsWhatWeWrite() throws IOException {
        Map<String, Object> table = everyWritableType();
        ByteBuf buf = Unpooled.buffer();
        try {
            FieldTables.write(buf, table);
            Map<String, Object> theirs = new ValueReader(new DataInputStream(new ByteBufInputStream(buf))).readTable();
            assertEquals(table.keySet(), theirs.keySet());
            assertEquals("h\u00e9llo \u2603", theirs.get("string").toString());
            assertEquals(Long.MAX_VALUE, theirs.get("long"));
            assertEquals(new BigDecimal("-123.45"), theirs.get("decimal"));
            assertEquals(new Date(1_700_000_000_000L), theirs.get("timestamp"));
            assertArrayEquals(new byte[] {0, 1, (byte) 0xFF}, (byte[]) theirs.get("bytes"));
        } finally {
            buf.release();
        }
    }

    @Test
    void weReadWhatTheRabbitMqJavaClientWrites() throws IOException {
        Map<String, Object> table = everyWritableType();
        ByteBuf buf = Unpooled.buffer();
        try {
            ValueWriter writer = new ValueWriter(new DataOutputStream(new ByteBufOutputStream(buf)));
            writer.writeTable(table);
            Map<String, Object> ours = FieldTables.read(buf);
            assertTrue(FieldValues.tablesEqual(table, ours), ours::toString);
            assertFalse(buf.isReadable());
        } finally {
            buf.release();
        }
    }

    private static Map<String, Object> roundTrip(Map<String, Object> table) {
        ByteBuf buf = Unpooled.buffer();
        try {
            FieldTables.write(buf, table);
            Map<String, Object> decoded = FieldTables.read(buf);
            assertFalse(buf.isReadable());
            return decoded;
        } finally {
            buf.release();
        }
    }

    /** A table of the given entry octets (key length, key, type letter, value ...), length first. */
    private static ByteBuf entries(int... octets) {
        ByteBuf buf = Unpooled.buffer();
        buf.writeInt(octets.length);
        for (int octet : octets) {
            buf.writeByte(octet);
        }
        return buf;
    }

    /** A table with one entry whose key is the type letter and whose value octets follow it. */
    private static ByteBuf table(int letter, int... value) {
        ByteBuf buf = Unpooled.buffer();
        buf.writeInt(3 + value.length);
        buf.writeByte(1).writeByte(letter).writeByte(letter);
        for (int octet : value) {
            buf.writeByte(octet);
        }
        return buf;
    }
}
