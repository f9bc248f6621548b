package dev.sluice.core.routing;

import dev.sluice.core.message.FieldValues;
import java.util.Map;
import java.util.Objects;

/**
 * What an exchange was declared as. Redeclaring with a different definition is a 406.
 *
 * <p>Threading: immutable.
 */
public record ExchangeDefinition(String name, ExchangeType type, boolean durable, boolean autoDelete,
                                 boolean internal, Map<String, Object> arguments) {
    public ExchangeDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        arguments = arguments == null ? Map.of() : FieldValues.immutableCopy(arguments);
    }

    /** A durable, non-internal, non-auto-delete exchange without arguments. */
    public static ExchangeDefinition of(String name, ExchangeType type) {
        return new ExchangeDefinition(name, type, true, false, false, Map.of());
    }

    /** The {@code alternate-exchange} argument, or null. */
    public String alternateExchange() {
        return FieldValues.asString(arguments.get("alternate-exchange"));
    }
}
