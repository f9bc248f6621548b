package dev.sluice.core.routing;

import dev.sluice.core.message.FieldValues;
import java.util.Map;
import java.util.Objects;

/**
 * A binding from a source exchange to a destination. Two bindings are the same binding when
 * source, destination, routing key and arguments are all equal, as in RabbitMQ: binding twice
 * is a no-op, and unbinding must name the arguments too.
 *
 * <p>Threading: immutable ({@code arguments} is copied on construction).
 */
public record Binding(String source, Destination destination, String routingKey, Map<String, Object> arguments) {
    public Binding {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(routingKey, "routingKey");
        arguments = arguments == null ? Map.of() : FieldValues.immutableCopy(arguments);
    }

    public Binding(String source, Destination destination, String routingKey) {
        this(source, destination, routingKey, Map.of());
    }
}
