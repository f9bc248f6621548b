package dev.sluice.store.mapdb;

import io.netty.buffer.ByteBuf;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads AMQP field values as the core represents them (see
 * {@link dev.sluice.core.message.FieldValues}): every value is a one-byte tag followed by its
 * content. The tags are AMQP 0-9-1's letters, so a dump is readable by anyone who knows those:
 * {@code S} string, {@code t} boolean, {@code b} byte, {@code s} short, {@code I} int,
 * {@code l} long, {@code f} float, {@code d} double, {@code D} decimal (scale, unscaled bytes),
 * {@code T} timestamp (epoch milliseconds), {@code x} byte array, {@code F} table, {@code A}
 * array, {@code V} void. Tables keep their order.
 *
 * <p>Threading: stateless.
 */
final class FieldValueCodec {
    /** Deeper nesting than this in a stored record means the record is damaged. */
    private static final int MAX_DEPTH = 100;

    private FieldValueCodec() {
    }

    static void writeTable(ByteBuf out, Map<String, Object> table) {
        Bytes.writeVarInt(out, table.size());
        for (Map.Entry<String, Object> e : table.entrySet()) {
            Bytes.writeString(out, e.getKey());
            writeValue(out, e.getValue());
        }
    }

    static Map<String, Object> readTable(ByteBuf in) {
        return readTable(in, 0);
    }

    /** Writes one value; a type outside the field-value set is an {@link IllegalArgumentException}. */
    @SuppressWarnings("unchecked")
    static void writeValue(ByteBuf out, Object value) {
        if (value == null) {
            out.writeByte('V');
        } else if (value instanceof String s) {
            out.writeByte('S');
            Bytes.writeString(out, s);
        } else if (value instanceof Boolean b) {
            out.writeByte('t');
            out.writeBoolean(b);
        } else if (value instanceof Byte b) {
            out.writeByte('b');
            out.writeByte(b);
        } else if (value instanceof Short s) {
            out.writeByte('s');
            out.writeShort(s);
        } else if (value instanceof Integer i) {
            out.writeByte('I');
            out.writeInt(i);
        } else if (value instanceof Long l) {
            out.writeByte('l');
            out.writeLong(l);
        } else if (value instanceof Float f) {
            out.writeByte('f');
            out.writeInt(Float.floatToRawIntBits(f));
        } else if (value instanceof Double d) {
            out.writeByte('d');
            out.writeLong(Double.doubleToRawLongBits(d));
        } else if (value instanceof BigDecimal d) {
            out.writeByte('D');
            out.writeInt(d.scale());
            Bytes.writeBytes(out, d.unscaledValue().toByteArray());
        } else if (value instanceof Date d) {
            out.writeByte('T');
            out.writeLong(d.getTime());
        } else if (value instanceof byte[] bytes) {
            out.writeByte('x');
            Bytes.writeBytes(out, bytes);
        } else if (value instanceof Map<?, ?> m) {
            out.writeByte('F');
            writeTable(out, (Map<String, Object>) m);
        } else if (value instanceof List<?> list) {
            out.writeByte('A');
            Bytes.writeVarInt(out, list.size());
            for (Object o : list) {
                writeValue(out, o);
            }
        } else {
            throw new IllegalArgumentException("not an AMQP field value: " + value.getClass().getName());
        }
    }

    static Object readValue(ByteBuf in) {
        return readValue(in, 0);
    }

    private static Map<String, Object> readTable(ByteBuf in, int depth) {
        int size = Bytes.readVarInt(in);
        Map<String, Object> table = new LinkedHashMap<>(Math.max(4, Math.min(size, 1024) * 2));
        for (int i = 0; i < size; i++) {
            String key = Bytes.readString(in);
            table.put(key, readValue(in, depth + 1));
        }
        return table;
    }

    private static Object readValue(ByteBuf in, int depth) {
        if (depth > MAX_DEPTH) {
            throw new CorruptRecordException("field values nested deeper than " + MAX_DEPTH);
        }
        int tag = Bytes.readByte(in);
        return switch (tag) {
            case 'V' -> null;
            case 'S' -> Bytes.readString(in);
            case 't' -> Bytes.readByte(in) != 0;
            case 'b' -> Bytes.readByte(in);
            case 's' -> (short) Bytes.readUnsignedShort(in);
            case 'I' -> Bytes.readInt(in);
            case 'l' -> Bytes.readLong(in);
            case 'f' -> Float.intBitsToFloat(Bytes.readInt(in));
            case 'd' -> Double.longBitsToDouble(Bytes.readLong(in));
            case 'D' -> {
                int scale = Bytes.readInt(in);
                yield new BigDecimal(new BigInteger(Bytes.readBytes(in)), scale);
            }
            case 'T' -> new Date(Bytes.readLong(in));
            case 'x' -> Bytes.readBytes(in);
            case 'F' -> readTable(in, depth + 1);
            case 'A' -> {
                int size = Bytes.readVarInt(in);
                List<Object> list = new ArrayList<>(Math.min(size, 1024));
                for (int i = 0; i < size; i++) {
                    list.add(readValue(in, depth + 1));
                }
                yield list;
            }
            default -> throw new CorruptRecordException("unknown field value tag " + tag);
        };
    }
}
