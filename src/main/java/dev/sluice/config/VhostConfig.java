package dev.sluice.config;

import dev.sluice.core.policy.Policy;
import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.ExchangeDefinition;
import java.util.List;
import java.util.Objects;

/**
 * One virtual host and the topology the file declares in it, as the core's own definitions.
 * Queues declared in a file are never exclusive.
 *
 * <p>Threading: immutable.
 */
public record VhostConfig(String name, List<ExchangeDefinition> exchanges, List<QueueDefinition> queues,
                          List<Binding> bindings, List<Policy> policies) {
    public VhostConfig {
        Objects.requireNonNull(name, "name");
        exchanges = List.copyOf(exchanges);
        queues = List.copyOf(queues);
        bindings = List.copyOf(bindings);
        policies = List.copyOf(policies);
    }

    /** A virtual host with nothing declared in it. */
    public static VhostConfig empty(String name) {
        return new VhostConfig(name, List.of(), List.of(), List.of(), List.of());
    }
}
