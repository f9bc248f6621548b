package dev.sluice.core.routing;

import dev.sluice.core.message.FieldValues;
import java.util.Map;

/**
 * One headers-exchange binding compiled once at bind time: its destination, its
 * {@link HeadersMatchMode}, and the arguments that take part in matching.
 *
 * <p>Matching (RabbitMQ's): an argument matches when the message has a header of that name and
 * either the argument's value is void (null: presence is enough) or the values are equal by
 * {@link FieldValues#valuesEqual} (numbers by value whatever their width). In the {@code all}
 * modes every argument must match, so a binding with no arguments to match matches every message;
 * in the {@code any} modes one must, so such a binding matches none (RabbitMQ starts "any" at
 * false and "all" at true).
 *
 * <p>Threading: immutable.
 */
final class HeadersRule {
    private final Destination destination;
    private final boolean requiresAll;
    private final String[] names;
    private final Object[] values;

    private HeadersRule(Destination destination, boolean requiresAll, String[] names, Object[] values) {
        this.destination = destination;
        this.requiresAll = requiresAll;
        this.names = names;
        this.values = values;
    }

    /** Compiles a binding; a 406 PRECONDITION_FAILED when its {@code x-match} is invalid. */
    static HeadersRule compile(Binding binding) {
        Map<String, Object> arguments = binding.arguments();
        HeadersMatchMode mode = HeadersMatchMode.of(arguments);
        int count = 0;
        for (String name : arguments.keySet()) {
            if (takesPart(name, mode)) {
                count++;
            }
        }
        String[] names = new String[count];
        Object[] values = new Object[count];
        int i = 0;
        for (Map.Entry<String, Object> argument : arguments.entrySet()) {
            if (takesPart(argument.getKey(), mode)) {
                names[i] = argument.getKey();
                values[i] = argument.getValue();
                i++;
            }
        }
        return new HeadersRule(binding.destination(), mode.requiresAll(), names, values);
    }

    Destination destination() {
        return destination;
    }

    /** True when a message with these headers (null: none) goes to this rule's destination. */
    boolean matches(Map<String, Object> headers) {
        Map<String, Object> present = headers == null ? Map.of() : headers;
        for (int i = 0; i < names.length; i++) {
            if (argumentMatches(i, present) != requiresAll) {
                return !requiresAll; // "any": the first match decides; "all": the first miss does
            }
        }
        return requiresAll;
    }

    private boolean argumentMatches(int i, Map<String, Object> headers) {
        Object actual = headers.get(names[i]);
        if (actual == null && !headers.containsKey(names[i])) {
            return false;
        }
        Object expected = values[i];
        return expected == null || FieldValues.valuesEqual(expected, actual);
    }

    private static boolean takesPart(String argumentName, HeadersMatchMode mode) {
        if (argumentName.equals(HeadersMatchMode.ARGUMENT)) {
            return false;
        }
        return mode.matchesXArguments() || !argumentName.startsWith("x-");
    }
}
