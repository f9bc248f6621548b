package dev.sluice.core;

import dev.sluice.core.message.FieldValues;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The redeclare rule: a declare of an existing exchange or queue must match what exists, or it is
 * refused with 406 and RabbitMQ's "inequivalent arg" text naming the property or argument.
 *
 * <p>Threading: stateless.
 */
final class Equivalence {
    private Equivalence() {
    }

    static void check(String subject, String property, Object requested, Object current) {
        if (!FieldValues.valuesEqual(requested, current)) {
            throw inequivalent(subject, property, requested, current);
        }
    }

    /** Compares the arguments selected by {@code compared}; absent on one side is "none". */
    static void checkArguments(String subject, Map<String, Object> requested, Map<String, Object> current,
                               Predicate<String> compared) {
        TreeSet<String> keys = new TreeSet<>(requested.keySet());
        keys.addAll(current.keySet());
        for (String key : keys) {
            if (!compared.test(key)) {
                continue;
            }
            boolean inRequested = requested.containsKey(key);
            boolean inCurrent = current.containsKey(key);
            if (inRequested != inCurrent || !FieldValues.valuesEqual(requested.get(key), current.get(key))) {
                throw inequivalent(subject, key, inRequested ? requested.get(key) : NONE,
                        inCurrent ? current.get(key) : NONE);
            }
        }
    }

    private static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "none";
        }
    };

    private static BrokerException inequivalent(String subject, String property, Object requested, Object current) {
        return BrokerException.precondition("inequivalent arg '" + property + "' for " + subject
                + ": received " + show(requested) + " but current is " + show(current));
    }

    private static String show(Object v) {
        if (v == NONE) {
            return "none";
        }
        String s = FieldValues.asString(v);
        return "'" + (s != null ? s : String.valueOf(v)) + "'";
    }
}
