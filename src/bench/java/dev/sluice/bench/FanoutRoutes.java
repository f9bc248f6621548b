package dev.sluice.bench;

import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.Destination;
import dev.sluice.core.routing.Exchange;
import dev.sluice.core.routing.ExchangeDefinition;
import dev.sluice.core.routing.ExchangeType;
import java.util.ArrayList;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A fanout exchange bound to {@value #BINDINGS} queues.
 *
 * <p>Threading: {@code Scope.Thread}; each benchmark thread routes on its own exchange.
 */
@State(Scope.Thread)
public class FanoutRoutes {
    static final int BINDINGS = 10;

    Exchange exchange;
    final ArrayList<Destination> out = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
        exchange = Exchange.create(ExchangeDefinition.of("bench.fanout", ExchangeType.FANOUT));
        for (int i = 0; i < BINDINGS; i++) {
            exchange.bind(new Binding("bench.fanout", Destination.queue("q" + i), ""));
        }
    }
}
