package dev.sluice.core.routing;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A headers exchange: a message goes to the destinations whose binding arguments match its
 * headers, as {@link HeadersRule} and {@link HeadersMatchMode} describe. The routing key is
 * ignored. Each binding's match specification is parsed once, when it is bound; an invalid
 * {@code x-match} refuses the binding with a 406.
 *
 * <p>Threading: as {@link Exchange}. Routing iterates a concurrent map of immutable rules (weakly
 * consistent, never blocking); binding and unbinding cost O(1).
 */
public final class HeadersExchange extends IndexedExchange {
    private final ConcurrentHashMap<Binding, HeadersRule> rules = new ConcurrentHashMap<>();

    public HeadersExchange(ExchangeDefinition definition) {
        super(definition);
    }

    @Override
    public void route(String routingKey, Map<String, Object> headers, Collection<Destination> out) {
        for (HeadersRule rule : rules.values()) {
            if (rule.matches(headers)) {
                out.add(rule.destination());
            }
        }
    }

    @Override
    protected void addToIndex(Binding binding) {
        rules.put(binding, HeadersRule.compile(binding));
    }

    @Override
    protected void removeFromIndex(Binding binding) {
        rules.remove(binding);
    }
}
