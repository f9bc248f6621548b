package dev.sluice.core.queue;

import dev.sluice.core.BrokerException;
import dev.sluice.core.message.Message;
import java.util.function.Predicate;

/**
 * Turns a queue's selector ({@link QueueDefinition#SELECTOR_ARGUMENT}) into the predicate that
 * decides which messages the queue takes. The core does not know the selector language: a broker
 * is given one (the server uses JMS selectors); {@link #NONE} refuses every selector.
 *
 * <p>Threading: implementations are stateless or immutable; the predicates they make are
 * immutable and may be evaluated on any thread at once.
 */
@FunctionalInterface
public interface FilterLanguage {
    /** The language of a broker that was given none: any selector is refused (406). */
    FilterLanguage NONE = expression -> {
        throw BrokerException.precondition("this broker does not support queue selectors: '" + expression + "'");
    };

    /**
     * The predicate for {@code expression}.
     *
     * @throws BrokerException (406 PRECONDITION_FAILED) when the expression is not valid
     */
    Predicate<Message> compile(String expression);
}
