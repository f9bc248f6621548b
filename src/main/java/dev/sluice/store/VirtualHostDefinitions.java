package dev.sluice.store;

import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.ExchangeDefinition;
import java.util.List;

/**
 * What a {@link DefinitionStore} kept for one virtual host: its durable exchanges, durable
 * (non-exclusive) queues and the bindings between durable ends, each list in the order the
 * definitions were made.
 *
 * <p>Threading: immutable.
 */
public record VirtualHostDefinitions(String name, List<ExchangeDefinition> exchanges, List<QueueDefinition> queues,
                                     List<Binding> bindings) {
    public VirtualHostDefinitions {
        exchanges = List.copyOf(exchanges);
        queues = List.copyOf(queues);
        bindings = List.copyOf(bindings);
    }
}
