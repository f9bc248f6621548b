package dev.sluice.core.queue;

import dev.sluice.core.message.FieldValues;
import java.util.Map;
import java.util.Objects;

/**
 * What a queue was declared as. Redeclaring with a different definition is a 406.
 *
 * <p>Threading: immutable.
 */
public record QueueDefinition(String name, boolean durable, boolean exclusive, boolean autoDelete,
                              Map<String, Object> arguments) {
    /**
     * The (non-{@code x-}) argument that holds a queue's selector: only messages it selects are
     * enqueued, the others are not kept (the topic subscriptions of AMQP 1.0 JMS consumers). Its
     * language is the broker's {@link FilterLanguage}.
     */
    public static final String SELECTOR_ARGUMENT = "sluice-selector";

    public QueueDefinition {
        Objects.requireNonNull(name, "name");
        arguments = arguments == null ? Map.of() : FieldValues.immutableCopy(arguments);
    }

    /** A durable, shared, non-auto-delete queue with the given arguments. */
    public static QueueDefinition durable(String name, Map<String, Object> arguments) {
        return new QueueDefinition(name, true, false, false, arguments);
    }

    /** A transient, shared, non-auto-delete queue with the given arguments. */
    public static QueueDefinition transientQueue(String name, Map<String, Object> arguments) {
        return new QueueDefinition(name, false, false, false, arguments);
    }

    /** The selector that admits messages into the queue, or null when it takes every message. */
    public String selector() {
        Object s = arguments.get(SELECTOR_ARGUMENT);
        return s == null ? null : s.toString();
    }

    public QueueDefinition withName(String newName) {
        return new QueueDefinition(newName, durable, exclusive, autoDelete, arguments);
    }
}
