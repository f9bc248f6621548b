package dev.sluice.core.routing;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fanout exchange: a message goes to every bound destination, once each, whatever its routing
 * key. Binding and unbinding cost O(1), so an exchange with many thousands of queues stays cheap
 * to change.
 *
 * <p>Threading: as {@link Exchange}. Routing iterates a concurrent map's keys (weakly consistent,
 * never blocking); the per-destination binding counts are changed by the serialized writer only.
 */
public final class FanoutExchange extends IndexedExchange {
    private final ConcurrentHashMap<Destination, Integer> bindingsPerDestination = new ConcurrentHashMap<>();

    public FanoutExchange(ExchangeDefinition definition) {
        super(definition);
    }

    @Override
    public void route(String routingKey, Map<String, Object> headers, Collection<Destination> out) {
        for (Destination destination : bindingsPerDestination.keySet()) {
            out.add(destination);
        }
    }

    @Override
    protected void addToIndex(Binding binding) {
        bindingsPerDestination.merge(binding.destination(), 1, Integer::sum);
    }

    @Override
    protected void removeFromIndex(Binding binding) {
        bindingsPerDestination.computeIfPresent(binding.destination(),
                (destination, count) -> count == 1 ? null : count - 1);
    }
}
