package dev.sluice.core.policy;

import dev.sluice.core.message.FieldValues;
import java.util.Map;
import java.util.Objects;

/**
 * A policy of one virtual host, as RabbitMQ has them: queues and exchanges whose name the
 * {@code pattern} regular expression finds (unanchored, as in RabbitMQ: use {@code ^} and
 * {@code $} to anchor) take the {@code definition}'s keys, unless a higher-priority policy matches
 * too. Only one policy applies to an object; a queue's own {@code x-} arguments win over the
 * policy's value for the same key.
 *
 * @param name unique within the virtual host
 * @param pattern a Java regular expression; checked by {@link dev.sluice.core.NamePatterns#problem}
 * @param applyTo which kind of object the policy may match
 * @param priority higher wins; equal priorities are ordered by name
 * @param definition policy keys (see {@link PolicyKeys}) and their values
 *
 * <p>Threading: immutable.
 */
public record Policy(String name, String pattern, ApplyTo applyTo, int priority, Map<String, Object> definition) {
    public Policy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(applyTo, "applyTo");
        definition = definition == null ? Map.of() : FieldValues.immutableCopy(definition);
    }

    /** Which objects a policy may apply to; the names are RabbitMQ's {@code apply-to} values. */
    public enum ApplyTo {
        QUEUES("queues"), EXCHANGES("exchanges"), ALL("all");

        private final String wireName;

        ApplyTo(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** The value for a name, or null when the name is not one of queues, exchanges, all. */
        public static ApplyTo fromWireName(String name) {
            for (ApplyTo a : values()) {
                if (a.wireName.equals(name)) {
                    return a;
                }
            }
            return null;
        }

        boolean queues() {
            return this != EXCHANGES;
        }

        boolean exchanges() {
            return this != QUEUES;
        }
    }
}
