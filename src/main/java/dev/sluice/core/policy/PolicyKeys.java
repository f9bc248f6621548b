package dev.sluice.core.policy;

import dev.sluice.core.message.FieldValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policy keys Sluice understands and what each needs, in one place for the YAML validator,
 * the management API and the virtual host. Queue keys map onto the queue argument of the same
 * name with {@code x-} in front ({@code message-ttl} becomes {@code x-message-ttl}); the one
 * exchange key is {@code alternate-exchange}.
 *
 * <p>Threading: stateless.
 */
public final class PolicyKeys {
    /** Queue policy keys, in documentation order. */
    public static final List<String> QUEUE_KEYS = List.of("message-ttl", "expires", "max-length",
            "max-length-bytes", "overflow", "dead-letter-exchange", "dead-letter-routing-key", "max-priority",
            "delivery-limit");
    /** Exchange policy keys. */
    public static final List<String> EXCHANGE_KEYS = List.of("alternate-exchange");
    private static final List<String> OVERFLOW_VALUES = List.of("drop-head", "reject-publish", "reject-publish-dlx");

    private PolicyKeys() {
    }

    /** Every key, queue keys first. */
    public static List<String> allKeys() {
        List<String> all = new java.util.ArrayList<>(QUEUE_KEYS);
        all.addAll(EXCHANGE_KEYS);
        return all;
    }

    /**
     * What is wrong with one definition entry for a policy that applies to {@code applyTo}, or
     * null when it is fine. The text names the key and what is allowed.
     */
    public static String check(String key, Object value, Policy.ApplyTo applyTo) {
        boolean queueKey = QUEUE_KEYS.contains(key);
        boolean exchangeKey = EXCHANGE_KEYS.contains(key);
        if (!queueKey && !exchangeKey) {
            return "unknown policy key '" + key + "' (allowed: " + String.join(", ", allKeys()) + ")";
        }
        if (queueKey && !applyTo.queues()) {
            return "policy key '" + key + "' applies to queues, but this policy applies to exchanges";
        }
        if (exchangeKey && !applyTo.exchanges()) {
            return "policy key '" + key + "' applies to exchanges, but this policy applies to queues";
        }
        return switch (key) {
            case "message-ttl", "max-length", "max-length-bytes", "delivery-limit" ->
                    integerAtLeast(key, value, 0, Long.MAX_VALUE);
            case "expires" -> integerAtLeast(key, value, 1, Long.MAX_VALUE);
            case "max-priority" -> integerAtLeast(key, value, 0, 255);
            case "overflow" -> value instanceof String s && OVERFLOW_VALUES.contains(s) ? null
                    : "policy key 'overflow' must be one of " + String.join(", ", OVERFLOW_VALUES) + ", got "
                    + show(value);
            default -> value instanceof String ? null
                    : "policy key '" + key + "' must be a string naming an exchange, got " + show(value);
        };
    }

    /** Every problem of a whole definition (an empty definition is one). */
    public static List<String> checkDefinition(Map<String, Object> definition, Policy.ApplyTo applyTo) {
        List<String> problems = new java.util.ArrayList<>();
        if (definition.isEmpty()) {
            problems.add("a policy definition needs at least one key (allowed: " + String.join(", ", allKeys()) + ")");
        }
        for (Map.Entry<String, Object> e : definition.entrySet()) {
            String problem = check(e.getKey(), e.getValue(), applyTo);
            if (problem != null) {
                problems.add(problem);
            }
        }
        return problems;
    }

    /** The queue arguments a policy definition stands for: each queue key with {@code x-} before it. */
    public static Map<String, Object> queueArguments(Map<String, Object> definition) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : definition.entrySet()) {
            if (QUEUE_KEYS.contains(e.getKey())) {
                args.put("x-" + e.getKey(), e.getValue());
            }
        }
        return args;
    }

    private static String integerAtLeast(String key, Object value, long min, long max) {
        if (FieldValues.isInteger(value)) {
            long n = ((Number) value).longValue();
            if (n >= min && n <= max) {
                return null;
            }
        }
        String range = max == Long.MAX_VALUE ? "an integer of at least " + min : "an integer from " + min + " to " + max;
        return "policy key '" + key + "' must be " + range + ", got " + show(value);
    }

    private static String show(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }
}
