package dev.sluice.core.message;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helpers for AMQP field values (header tables, arguments) as the core represents them:
 * {@code String}, {@code Boolean}, {@code Byte}, {@code Short}, {@code Integer}, {@code Long},
 * {@code Float}, {@code Double}, {@code BigDecimal}, {@code java.util.Date}, {@code byte[]},
 * {@code Map<String,Object>} (table), {@code List<Object>} (array) and {@code null} (void).
 *
 * <p>Threading: stateless.
 */
public final class FieldValues {
    private FieldValues() {
    }

    /** A deep, unmodifiable copy that keeps insertion order and allows void (null) values. */
    public static Map<String, Object> immutableCopy(Map<String, Object> source) {
        if (source.isEmpty()) {
            return Map.of();
        }
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(Math.max(4, source.size() * 2));
        for (Map.Entry<String, Object> e : source.entrySet()) {
            copy.put(e.getKey(), immutableValue(e.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object immutableValue(Object value) {
        if (value instanceof Map<?, ?> m) {
            return immutableCopy((Map<String, Object>) m);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object o : list) {
                copy.add(immutableValue(o));
            }
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    /**
     * Equality as RabbitMQ's headers exchange and argument equivalence see it: numbers compare by
     * value whatever their width (1 equals 1L equals 1.0), byte arrays by content, a byte array
     * equals the string of the same UTF-8 bytes, tables and arrays element by element.
     */
    public static boolean valuesEqual(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return numericEqual(x, y);
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof byte[] x && b instanceof String s) {
            return s.equals(new String(x, java.nio.charset.StandardCharsets.UTF_8));
        }
        if (a instanceof String s && b instanceof byte[] y) {
            return s.equals(new String(y, java.nio.charset.StandardCharsets.UTF_8));
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !valuesEqual(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!valuesEqual(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static boolean numericEqual(Number x, Number y) {
        if (isIntegral(x) && isIntegral(y)) {
            return x.longValue() == y.longValue();
        }
        return toBigDecimal(x).compareTo(toBigDecimal(y)) == 0;
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }

    private static BigDecimal toBigDecimal(Number n) {
        if (n instanceof BigDecimal b) {
            return b;
        }
        if (isIntegral(n)) {
            return BigDecimal.valueOf(n.longValue());
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return BigDecimal.valueOf(Long.MIN_VALUE); // never equal to a finite number's value
        }
        return BigDecimal.valueOf(d);
    }

    /** True for the integral Java types an AMQP integer field decodes to. */
    public static boolean isInteger(Object value) {
        return value instanceof Number n && isIntegral(n);
    }

    /** A string-typed value (String, or the UTF-8 bytes of a long string) as a String, else null. */
    public static String asString(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof byte[] b) {
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
        return null;
    }

    /** True when a table or array equals another in the sense of {@link #valuesEqual}. */
    public static boolean tablesEqual(Map<String, Object> a, Map<String, Object> b) {
        return valuesEqual(a == null ? Map.of() : a, b == null ? Map.of() : b);
    }
}
