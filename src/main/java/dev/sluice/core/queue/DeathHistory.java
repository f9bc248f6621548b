package dev.sluice.core.queue;

import dev.sluice.core.message.FieldValues;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code x-death} header and its companions, as RabbitMQ writes them when it dead-letters a
 * message: one table per (queue, reason) with {@code count}, {@code reason}, {@code queue},
 * {@code exchange}, {@code routing-keys}, {@code time} and, when the message had one,
 * {@code original-expiration}; the newest death first; {@code x-first-death-*} set once and
 * {@code x-last-death-*} set every time. Also the cycle rule: a message that would reach a queue
 * it already died in is dropped for that queue when no death since then was a rejection.
 *
 * <p>Threading: stateless.
 */
public final class DeathHistory {
    public static final String X_DEATH = "x-death";

    private DeathHistory() {
    }

    /** One death to record. */
    public record Death(String queue, DeathReason reason, String exchange, List<String> routingKeys,
                        String originalExpiration, Date time) {
    }

    /** The headers with {@code death} recorded; {@code headers} is not changed. */
    public static Map<String, Object> record(Map<String, Object> headers, Death death) {
        List<Object> previous = deaths(headers);
        List<Object> updated = new ArrayList<>(previous.size() + 1);
        Map<String, Object> same = null;
        for (Object o : previous) {
            if (same == null && o instanceof Map<?, ?> entry && isFor(entry, death.queue(), death.reason())) {
                same = copyOf(entry);
            } else {
                updated.add(o);
            }
        }
        if (same != null) {
            Object count = same.get("count");
            long n = count instanceof Number num ? num.longValue() : 0;
            same.put("count", n + 1);
            updated.add(0, same);
        } else {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("count", 1L);
            entry.put("reason", death.reason().headerValue());
            entry.put("queue", death.queue());
            entry.put("time", death.time());
            entry.put("exchange", death.exchange());
            entry.put("routing-keys", new ArrayList<Object>(death.routingKeys()));
            if (death.originalExpiration() != null) {
                entry.put("original-expiration", death.originalExpiration());
            }
            updated.add(0, entry);
        }
        Map<String, Object> result = new LinkedHashMap<>(headers);
        result.put(X_DEATH, updated);
        result.putIfAbsent("x-first-death-reason", death.reason().headerValue());
        result.putIfAbsent("x-first-death-queue", death.queue());
        result.putIfAbsent("x-first-death-exchange", death.exchange());
        result.put("x-last-death-reason", death.reason().headerValue());
        result.put("x-last-death-queue", death.queue());
        result.put("x-last-death-exchange", death.exchange());
        return result;
    }

    /**
     * True when delivering a dead letter with these (already updated) headers to {@code queue}
     * would close a cycle with no rejection in it.
     */
    public static boolean isAutomaticCycle(Map<String, Object> headers, String queue) {
        List<Object> deaths = deaths(headers);
        for (Object o : deaths) {
            if (!(o instanceof Map<?, ?> entry)) {
                continue;
            }
            if (DeathReason.REJECTED.headerValue().equals(FieldValues.asString(entry.get("reason")))) {
                return false;
            }
            if (queue.equals(FieldValues.asString(entry.get("queue")))) {
                return true;
            }
        }
        return false;
    }

    private static List<Object> deaths(Map<String, Object> headers) {
        Object value = headers.get(X_DEATH);
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        return List.of();
    }

    private static boolean isFor(Map<?, ?> entry, String queue, DeathReason reason) {
        return queue.equals(FieldValues.asString(entry.get("queue")))
                && reason.headerValue().equals(FieldValues.asString(entry.get("reason")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copyOf(Map<?, ?> entry) {
        return new LinkedHashMap<>((Map<String, Object>) entry);
    }
}
