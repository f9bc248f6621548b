package dev.sluice.core.routing;

import dev.sluice.core.BrokerException;
import dev.sluice.core.message.FieldValues;
import java.util.Map;

/**
 * The {@code x-match} binding argument of a headers exchange.
 *
 * <p>RabbitMQ facts (checked in rabbitmq-server, {@code rabbit_exchange_type_headers.erl}): the
 * argument is optional and defaults to {@code all}; the values are {@code all}, {@code any},
 * {@code all-with-x} and {@code any-with-x}; any other string is refused with "Invalid x-match
 * field value ...; expected all, any, all-with-x, or any-with-x", and a value that is not a string
 * with "Invalid x-match field type ... expected longstr". The {@code x-match} argument itself never
 * takes part in matching; other {@code x-} arguments do only in the {@code -with-x} modes.
 *
 * <p>Threading: immutable.
 */
enum HeadersMatchMode {
    ALL("all", true, false),
    ANY("any", false, false),
    ALL_WITH_X("all-with-x", true, true),
    ANY_WITH_X("any-with-x", false, true);

    static final String ARGUMENT = "x-match";

    private final String argumentValue;
    private final boolean requiresAll;
    private final boolean matchesXArguments;

    HeadersMatchMode(String argumentValue, boolean requiresAll, boolean matchesXArguments) {
        this.argumentValue = argumentValue;
        this.requiresAll = requiresAll;
        this.matchesXArguments = matchesXArguments;
    }

    /** True for the {@code all} modes: every argument must match; false: at least one. */
    boolean requiresAll() {
        return requiresAll;
    }

    /** True when arguments named {@code x-...} (other than {@code x-match}) are matched too. */
    boolean matchesXArguments() {
        return matchesXArguments;
    }

    /** The mode a binding's arguments ask for; a 406 PRECONDITION_FAILED when it is invalid. */
    static HeadersMatchMode of(Map<String, Object> bindingArguments) {
        if (!bindingArguments.containsKey(ARGUMENT)) {
            return ALL;
        }
        Object raw = bindingArguments.get(ARGUMENT);
        String value = FieldValues.asString(raw);
        if (value == null) {
            String type = raw == null ? "void" : raw.getClass().getSimpleName();
            throw BrokerException.precondition("Invalid x-match field type " + type + " (value " + raw
                    + "); expected longstr");
        }
        for (HeadersMatchMode mode : values()) {
            if (mode.argumentValue.equals(value)) {
                return mode;
            }
        }
        throw BrokerException.precondition("Invalid x-match field value '" + value
                + "'; expected all, any, all-with-x, or any-with-x");
    }
}
