package dev.sluice.core.queue;

import dev.sluice.core.BrokerException;
import dev.sluice.core.message.FieldValues;
import java.util.Map;
import java.util.Set;

/**
 * Reads typed values out of an arguments table and builds RabbitMQ-style 406 errors that name
 * the argument, its owner, the value received and what is allowed.
 *
 * <p>Threading: confined to the declaring thread.
 */
final class ArgumentReader {
    private final String subject;
    private final Map<String, Object> args;

    ArgumentReader(String subject, Map<String, Object> args) {
        this.subject = subject;
        this.args = args;
    }

    String subject() {
        return subject;
    }

    long nonNegativeLong(String key, long absent) {
        return longAtLeast(key, absent, 0, "a non-negative integer");
    }

    long positiveLong(String key, long absent) {
        return longAtLeast(key, absent, 1, "a positive integer");
    }

    private long longAtLeast(String key, long absent, long min, String allowed) {
        if (!args.containsKey(key)) {
            return absent;
        }
        Object v = args.get(key);
        if (!FieldValues.isInteger(v)) {
            throw invalid(key, v, allowed);
        }
        long n = ((Number) v).longValue();
        if (n < min) {
            throw invalid(key, v, allowed);
        }
        return n;
    }

    String string(String key) {
        if (!args.containsKey(key)) {
            return null;
        }
        Object v = args.get(key);
        String s = FieldValues.asString(v);
        if (s == null) {
            throw invalid(key, v, "a string");
        }
        return s;
    }

    boolean bool(String key, boolean absent) {
        if (!args.containsKey(key)) {
            return absent;
        }
        Object v = args.get(key);
        if (!(v instanceof Boolean b)) {
            throw invalid(key, v, "true or false");
        }
        return b;
    }

    void refuseUnknown(Set<String> known, Set<String> tolerated) {
        for (String key : args.keySet()) {
            if (key.startsWith("x-") && !known.contains(key) && !tolerated.contains(key)) {
                throw BrokerException.precondition("unknown argument '" + key + "' for " + subject
                        + " (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    BrokerException invalid(String key, Object value, String allowed) {
        return BrokerException.precondition("invalid arg '" + key + "' for " + subject + ": "
                + describe(value) + " is not " + allowed);
    }

    static String describe(Object value) {
        if (value == null) {
            return "void";
        }
        if (value instanceof byte[] b) {
            return "'" + new String(b, java.nio.charset.StandardCharsets.UTF_8) + "' (bytes)";
        }
        if (value instanceof String s) {
            return "'" + s + "' (string)";
        }
        return value + " (" + value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
