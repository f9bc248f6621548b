package dev.sluice.amqp10;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Decimal128;
import org.apache.qpid.proton.amqp.Decimal32;
import org.apache.qpid.proton.amqp.Decimal64;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedByte;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.UnsignedShort;

/**
 * Converts between AMQP 1.0 values as proton-j decodes them and the core's field values (see
 * {@link dev.sluice.core.message.FieldValues}): symbols, UUIDs and chars become strings, unsigned
 * integers the next wider signed type, binaries byte arrays, decimals {@code BigDecimal}; back the
 * other way each core type has its AMQP twin (a {@code BigDecimal} goes as a double).
 *
 * <p>Threading: stateless.
 */
final class AmqpValues {
    private AmqpValues() {
    }

    /** The core form of an AMQP value; described values and arrays of odd types become strings. */
    static Object toCore(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Byte || v instanceof Short
                || v instanceof Integer || v instanceof Long || v instanceof Float || v instanceof Double
                || v instanceof Date || v instanceof BigDecimal) {
            return v;
        }
        if (v instanceof Symbol s) {
            return s.toString();
        }
        if (v instanceof Binary b) {
            return b.getArray() == null ? new byte[0]
                    : java.util.Arrays.copyOfRange(b.getArray(), b.getArrayOffset(), b.getArrayOffset() + b.getLength());
        }
        if (v instanceof UnsignedByte u) {
            return u.shortValue();
        }
        if (v instanceof UnsignedShort u) {
            return u.intValue();
        }
        if (v instanceof UnsignedInteger u) {
            return u.longValue();
        }
        if (v instanceof UnsignedLong u) {
            return u.longValue() >= 0 ? (Object) u.longValue() : new BigDecimal(u.bigIntegerValue());
        }
        if (v instanceof Decimal32 || v instanceof Decimal64 || v instanceof Decimal128) {
            return BigDecimal.valueOf(((Number) v).doubleValue());
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(toCore(e.getKey())), toCore(e.getValue()));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(toCore(o));
            }
            return out;
        }
        if (v instanceof Object[] array) {
            return toCore(List.of(array));
        }
        return String.valueOf(v); // UUID, Character, described types
    }

    /** True for a value allowed in application-properties: not a map, list or array. */
    static boolean isSimple(Object coreValue) {
        return !(coreValue instanceof Map<?, ?>) && !(coreValue instanceof List<?>);
    }

    /** The AMQP form of a core value. */
    static Object toAmqp(Object v) {
        if (v instanceof byte[] bytes) {
            return new Binary(bytes);
        }
        if (v instanceof BigDecimal d) {
            return d.doubleValue();
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(e.getKey(), toAmqp(e.getValue()));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(toAmqp(o));
            }
            return out;
        }
        return v;
    }

    /** A message-id or correlation-id as a 0-9-1 short string: strings as they are, others printed. */
    static String idToString(Object id) {
        if (id == null) {
            return null;
        }
        if (id instanceof Binary b) {
            return new String(b.getArray(), b.getArrayOffset(), b.getLength(), StandardCharsets.UTF_8);
        }
        if (id instanceof UUID u) {
            return "urn:uuid:" + u;
        }
        return id.toString();
    }

    /** The AMQP 1.0 id for a 0-9-1 id string: {@code urn:uuid:...} becomes a UUID, the rest stays a string. */
    static Object idFromString(String id) {
        if (id == null) {
            return null;
        }
        if (id.startsWith("urn:uuid:") && id.length() == 45) {
            try {
                return UUID.fromString(id.substring(9));
            } catch (IllegalArgumentException e) {
                return id;
            }
        }
        return id;
    }
}
