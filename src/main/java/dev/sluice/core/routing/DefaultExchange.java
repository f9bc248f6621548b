package dev.sluice.core.routing;

import dev.sluice.core.BrokerException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The default exchange (named "", type direct): every queue is implicitly bound to it under its
 * own name, so a routing key routes to the queue of that name. This class routes to that name
 * unconditionally; the caller drops names of queues that do not exist. Explicit bindings are
 * refused with 403 ACCESS_REFUSED, as RabbitMQ refuses them. Built with {@code new
 * DefaultExchange()}, never by {@link Exchange#create}.
 *
 * <p>Threading: immutable.
 */
public final class DefaultExchange extends Exchange {
    /** The name of the default exchange. */
    public static final String NAME = "";

    private static final String REFUSAL = "operation not permitted on the default exchange";

    public DefaultExchange() {
        super(new ExchangeDefinition(NAME, ExchangeType.DIRECT, true, false, false, Map.of()));
    }

    @Override
    public boolean bind(Binding binding) {
        throw BrokerException.accessRefused(REFUSAL);
    }

    @Override
    public boolean unbind(Binding binding) {
        throw BrokerException.accessRefused(REFUSAL);
    }

    /** Nothing is explicitly bound, so there is nothing to remove (deleting a queue calls this). */
    @Override
    public List<Binding> unbindAll(Destination destination) {
        return List.of();
    }

    @Override
    public List<Binding> bindings() {
        return List.of();
    }

    @Override
    public int bindingCount() {
        return 0;
    }

    @Override
    public void route(String routingKey, Map<String, Object> headers, Collection<Destination> out) {
        out.add(Destination.queue(routingKey));
    }
}
