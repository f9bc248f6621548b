package dev.sluice.core.routing;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * An exchange: a set of bindings and the rule of its type that picks destinations for a message.
 * The rules that span exchanges (following exchange-to-exchange bindings without loops, the
 * alternate exchange, the default exchange's queue lookup) live in {@link Router}, not here.
 *
 * <p>Threading: {@link #route} may be called from any number of threads at once and never blocks;
 * {@link #bind}, {@link #unbind} and {@link #unbindAll} are serialized by the owning virtual host
 * (one definitions lock) and publish their changes safely to concurrent routers.
 */
public abstract class Exchange {
    private final ExchangeDefinition definition;
    private volatile String policyAlternateExchange;

    protected Exchange(ExchangeDefinition definition) {
        this.definition = definition;
    }

    /** Creates an exchange of the definition's type. */
    public static Exchange create(ExchangeDefinition definition) {
        return switch (definition.type()) {
            case DIRECT -> new DirectExchange(definition);
            case FANOUT -> new FanoutExchange(definition);
            case TOPIC -> new TopicExchange(definition);
            case HEADERS -> new HeadersExchange(definition);
        };
    }

    public final ExchangeDefinition definition() {
        return definition;
    }

    public final String name() {
        return definition.name();
    }

    public final ExchangeType type() {
        return definition.type();
    }

    /**
     * The alternate exchange: the {@code alternate-exchange} argument, or else the one its policy
     * names (the argument wins, as in RabbitMQ), or null.
     */
    public final String alternateExchange() {
        String own = definition.alternateExchange();
        return own != null ? own : policyAlternateExchange;
    }

    /** Sets (or, with null, clears) the alternate exchange a policy gives this exchange. */
    public final void setPolicyAlternateExchange(String exchange) {
        this.policyAlternateExchange = exchange;
    }

    /** Adds a binding; returns false when an equal binding already exists. */
    public abstract boolean bind(Binding binding);

    /** Removes an equal binding; returns false when there was none. */
    public abstract boolean unbind(Binding binding);

    /** Removes every binding that leads to {@code destination}; returns what was removed. */
    public abstract List<Binding> unbindAll(Destination destination);

    /** A snapshot of the bindings, in the order they were made. */
    public abstract List<Binding> bindings();

    /** The number of bindings. */
    public abstract int bindingCount();

    /**
     * Adds to {@code out} every destination this exchange's own bindings select for a message with
     * the given routing key and headers. {@code out} may already hold destinations; callers pass a
     * set when they need each destination once.
     */
    public abstract void route(String routingKey, Map<String, Object> headers, Collection<Destination> out);
}
