package dev.sluice.amqp091.codec;

import io.netty.buffer.ByteBuf;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AMQP field tables and field arrays with the type letters RabbitMQ and its clients use (RabbitMQ's
 * errata to the 0-9-1 spec, which the Java client follows).
 *
 * <table>
 *   <caption>Type letters</caption>
 *   <tr><th>letter</th><th>wire type</th><th>read as</th><th>written from</th></tr>
 *   <tr><td>t</td><td>boolean octet</td><td>Boolean</td><td>Boolean</td></tr>
 *   <tr><td>b</td><td>signed 8-bit</td><td>Byte</td><td>Byte</td></tr>
 *   <tr><td>B</td><td>unsigned 8-bit</td><td>Short</td><td>-</td></tr>
 *   <tr><td>s</td><td>signed 16-bit</td><td>Short</td><td>Short</td></tr>
 *   <tr><td>u</td><td>unsigned 16-bit</td><td>Integer</td><td>-</td></tr>
 *   <tr><td>I</td><td>signed 32-bit</td><td>Integer</td><td>Integer</td></tr>
 *   <tr><td>i</td><td>unsigned 32-bit</td><td>Long</td><td>-</td></tr>
 *   <tr><td>l</td><td>signed 64-bit</td><td>Long</td><td>Long</td></tr>
 *   <tr><td>f / d</td><td>IEEE 754 float / double</td><td>Float / Double</td><td>Float / Double</td></tr>
 *   <tr><td>D</td><td>decimal: scale octet, signed 32-bit unscaled value</td><td>BigDecimal</td>
 *       <td>BigDecimal (scale 0..255, unscaled value within 32 bits; a negative scale is removed)</td></tr>
 *   <tr><td>S</td><td>long string</td><td>String (UTF-8)</td><td>String</td></tr>
 *   <tr><td>x</td><td>byte array</td><td>byte[]</td><td>byte[]</td></tr>
 *   <tr><td>A</td><td>field array</td><td>List&lt;Object&gt;</td><td>List</td></tr>
 *   <tr><td>T</td><td>timestamp, seconds</td><td>java.util.Date</td><td>Date (milliseconds dropped)</td></tr>
 *   <tr><td>F</td><td>field table</td><td>Map&lt;String,Object&gt; (LinkedHashMap)</td><td>Map</td></tr>
 *   <tr><td>V</td><td>void</td><td>null</td><td>null</td></tr>
 * </table>
 *
 * <p>Reading is safe on hostile input: a length past the end, data that ends early or octets left
 * inside a table throw {@link AmqpFrameException} (501); an unknown type letter, a timestamp no
 * {@code Date} can hold or nesting deeper than {@link #MAX_DEPTH} throws {@link AmqpSyntaxException}
 * (502). Writing a value of any other Java type throws {@link IllegalArgumentException}.
 *
 * <p>Threading: stateless.
 */
public final class FieldTables {
    /** How deeply tables and arrays may nest, counting the outermost one. */
    public static final int MAX_DEPTH = 100;

    private static final String TABLE = "field table";
    private static final String ARRAY = "field array";
    private static final long MAX_TIMESTAMP_SECONDS = Long.MAX_VALUE / 1000;

    private FieldTables() {
    }

    /** Reads a 32-bit length and the table of that many octets. */
    public static Map<String, Object> read(ByteBuf in) {
        return readTable(in, 1);
    }

    /** Reads a 32-bit length and the array of that many octets. */
    public static List<Object> readArray(ByteBuf in) {
        return readArray(in, 1);
    }

    /**
     * Writes a table with its 32-bit length; null is written as the empty table. On an
     * {@link IllegalArgumentException} nothing is left written.
     */
    public static void write(ByteBuf out, Map<String, ?> table) {
        Wire.writeOrRollBack(out, buf -> writeTable(buf, table, 1));
    }

    /** Writes an array with its 32-bit length; null is written as the empty array. */
    public static void writeArray(ByteBuf out, List<?> array) {
        Wire.writeOrRollBack(out, buf -> writeArray(buf, array, 1));
    }

    private static Map<String, Object> readTable(ByteBuf in, int depth) {
        checkReadDepth(depth);
        ByteBuf entries = in.readSlice(Wire.readLongLength(in, TABLE));
        Map<String, Object> table = new LinkedHashMap<>();
        while (entries.isReadable()) {
            String key = Wire.readShortString(entries, TABLE);
            table.put(key, readValue(entries, depth));
        }
        return table;
    }

    private static List<Object> readArray(ByteBuf in, int depth) {
        checkReadDepth(depth);
        ByteBuf values = in.readSlice(Wire.readLongLength(in, ARRAY));
        List<Object> array = new ArrayList<>();
        while (values.isReadable()) {
            array.add(readValue(values, depth));
        }
        return array;
    }

    private static void checkReadDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new AmqpSyntaxException("field tables and arrays nest deeper than " + MAX_DEPTH);
        }
    }

    private static Object readValue(ByteBuf in, int depth) {
        int type = Wire.readOctet(in, TABLE);
        switch (type) {
            case 't':
                return Wire.readOctet(in, TABLE) != 0;
            case 'b':
                return (byte) Wire.readOctet(in, TABLE);
            case 'B':
                return (short) Wire.readOctet(in, TABLE);
            case 's':
                return (short) Wire.readShort(in, TABLE);
            case 'u':
                return Wire.readShort(in, TABLE);
            case 'I':
                return Wire.readLong(in, TABLE);
            case 'i':
                return Wire.readLong(in, TABLE) & 0xFFFF_FFFFL;
            case 'l':
                return Wire.readLongLong(in, TABLE);
            case 'f':
                return Float.intBitsToFloat(Wire.readLong(in, TABLE));
            case 'd':
                return Double.longBitsToDouble(Wire.readLongLong(in, TABLE));
            case 'D':
                int scale = Wire.readOctet(in, TABLE);
                return new BigDecimal(BigInteger.valueOf(Wire.readLong(in, TABLE)), scale);
            case 'S':
                return Wire.readLongString(in, TABLE);
            case 'x':
                return Wire.readLongStringBytes(in, TABLE);
            case 'A':
                return readArray(in, depth + 1);
            case 'T':
                return readTimestamp(in);
            case 'F':
                return readTable(in, depth + 1);
            case 'V':
                return null;
            default:
                throw new AmqpSyntaxException(TABLE + ": unknown field type 0x" + Integer.toHexString(type)
                        + (type >= 0x20 && type < 0x7F ? " '" + (char) type + "'" : ""));
        }
    }

    private static Date readTimestamp(ByteBuf in) {
        long seconds = Wire.readLongLong(in, TABLE);
        if (seconds > MAX_TIMESTAMP_SECONDS || seconds < -MAX_TIMESTAMP_SECONDS) {
            throw new AmqpSyntaxException(TABLE + ": timestamp " + seconds + " s is out of range");
        }
        return new Date(seconds * 1000);
    }

    private static void checkWriteDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("field tables and arrays nest deeper than " + MAX_DEPTH
                    + " (does a table contain itself?)");
        }
    }

    private static void writeTable(ByteBuf out, Map<?, ?> table, int depth) {
        checkWriteDepth(depth);
        Map<?, ?> entries = table == null ? Map.of() : table;
        Wire.writeLengthPrefixed(out, buf -> entries.forEach((key, value) -> {
            if (!(key instanceof String name)) {
                throw new IllegalArgumentException("field table keys must be strings: " + key);
            }
            Wire.writeShortString(buf, name);
            writeValue(buf, value, depth);
        }));
    }

    private static void writeArray(ByteBuf out, List<?> array, int depth) {
        checkWriteDepth(depth);
        List<?> values = array == null ? List.of() : array;
        Wire.writeLengthPrefixed(out, buf -> values.forEach(value -> writeValue(buf, value, depth)));
    }

    private static void writeValue(ByteBuf out, Object value, int depth) {
        if (value == null) {
            out.writeByte('V');
        } else if (value instanceof String s) {
            out.writeByte('S');
            Wire.writeLongString(out, s);
        } else if (value instanceof Integer i) {
            out.writeByte('I');
            out.writeInt(i);
        } else if (value instanceof Long l) {
            out.writeByte('l');
            out.writeLong(l);
        } else if (value instanceof Boolean b) {
            out.writeByte('t');
            out.writeByte(b ? 1 : 0);
        } else if (value instanceof Map<?, ?> m) {
            out.writeByte('F');
            writeTable(out, m, depth + 1);
        } else if (value instanceof List<?> l) {
            out.writeByte('A');
            writeArray(out, l, depth + 1);
        } else if (value instanceof byte[] bytes) {
            out.writeByte('x');
            Wire.writeLongString(out, bytes);
        } else if (value instanceof Byte b) {
            out.writeByte('b');
            out.writeByte(b);
        } else if (value instanceof Short s) {
            out.writeByte('s');
            out.writeShort(s);
        } else if (value instanceof Float f) {
            out.writeByte('f');
            out.writeFloat(f);
        } else if (value instanceof Double d) {
            out.writeByte('d');
            out.writeDouble(d);
        } else if (value instanceof BigDecimal d) {
            writeDecimal(out, d);
        } else if (value instanceof Date d) {
            out.writeByte('T');
            out.writeLong(Math.floorDiv(d.getTime(), 1000));
        } else {
            throw new IllegalArgumentException("no AMQP field type for " + value.getClass().getName());
        }
    }

    private static void writeDecimal(ByteBuf out, BigDecimal value) {
        BigDecimal decimal = value.scale() < 0 ? value.setScale(0) : value;
        BigInteger unscaled = decimal.unscaledValue();
        if (decimal.scale() > 0xFF || unscaled.bitLength() > 31) {
            throw new IllegalArgumentException("decimal " + value
                    + " does not fit AMQP's scale octet and signed 32-bit value");
        }
        out.writeByte('D');
        out.writeByte(decimal.scale());
        out.writeInt(unscaled.intValue());
    }
}
