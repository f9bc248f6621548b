package dev.sluice.core.routing;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A direct exchange: a message goes to the destinations bound with exactly its routing key.
 *
 * <p>Threading: as {@link Exchange}. Routing is one lookup in a concurrent map and a read of the
 * key's copy-on-write {@link DestinationSet}; neither blocks.
 */
public final class DirectExchange extends IndexedExchange {
    private final ConcurrentHashMap<String, DestinationSet> byRoutingKey = new ConcurrentHashMap<>();

    public DirectExchange(ExchangeDefinition definition) {
        super(definition);
    }

    @Override
    public void route(String routingKey, Map<String, Object> headers, Collection<Destination> out) {
        DestinationSet bound = byRoutingKey.get(routingKey);
        if (bound != null) {
            bound.addTo(out);
        }
    }

    @Override
    protected void addToIndex(Binding binding) {
        byRoutingKey.computeIfAbsent(binding.routingKey(), key -> new DestinationSet())
                .add(binding.destination());
    }

    @Override
    protected void removeFromIndex(Binding binding) {
        DestinationSet bound = byRoutingKey.get(binding.routingKey());
        if (bound != null && bound.remove(binding.destination()) && bound.isEmpty()) {
            byRoutingKey.remove(binding.routingKey());
        }
    }
}
