package dev.sluice.bench;

import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.Destination;
import dev.sluice.core.routing.Exchange;
import dev.sluice.core.routing.ExchangeDefinition;
import dev.sluice.core.routing.ExchangeType;
import java.util.ArrayList;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A direct exchange with {@value #BINDINGS} bindings ({@code order.N} to queue {@code qN}) and a
 * stream of 1,024 keys picked at random among the bound ones, so every route is a hit.
 *
 * <p>Threading: {@code Scope.Thread}; each benchmark thread routes on its own exchange.
 */
@State(Scope.Thread)
public class DirectRoutes {
    static final int BINDINGS = 1_000;

    Exchange exchange;
    KeyStream keys;
    final ArrayList<Destination> out = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
        exchange = Exchange.create(ExchangeDefinition.of("bench.direct", ExchangeType.DIRECT));
        for (int i = 0; i < BINDINGS; i++) {
            exchange.bind(new Binding("bench.direct", Destination.queue("q" + i), "order." + i));
        }
        SplittableRandom random = new SplittableRandom(7);
        String[] stream = new String[1024];
        for (int i = 0; i < stream.length; i++) {
            stream[i] = "order." + random.nextInt(BINDINGS);
        }
        keys = new KeyStream(stream);
    }
}
