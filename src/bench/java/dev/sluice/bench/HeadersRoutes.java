package dev.sluice.bench;

import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.Destination;
import dev.sluice.core.routing.Exchange;
import dev.sluice.core.routing.ExchangeDefinition;
import dev.sluice.core.routing.ExchangeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Two headers exchanges of {@value #BINDINGS} bindings each, one whose bindings all say
 * {@code x-match: all} and one whose bindings all say {@code x-match: any}; every binding matches
 * on two headers ({@code format} of five values, {@code region} of two). Messages carry three
 * headers and come from a cycle of four header sets, some matching several bindings, one none.
 *
 * <p>Threading: {@code Scope.Thread}; each benchmark thread routes on its own exchanges.
 */
@State(Scope.Thread)
public class HeadersRoutes {
    static final int BINDINGS = 10;
    private static final String[] FORMATS = {"pdf", "csv", "json", "xml", "txt"};
    private static final String[] REGIONS = {"eu", "us"};

    Exchange matchAll;
    Exchange matchAny;
    private final List<Map<String, Object>> headerSets = List.of(
            Map.of("format", "pdf", "region", "eu", "size", 3),
            Map.of("format", "json", "region", "us", "size", 12),
            Map.of("format", "doc", "region", "us", "size", 7),
            Map.of("format", "bin", "region", "ap", "size", 1));
    private int next;
    final ArrayList<Destination> out = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
        matchAll = exchangeMatching("all");
        matchAny = exchangeMatching("any");
    }

    /** The next message's headers. */
    Map<String, Object> nextHeaders() {
        Map<String, Object> headers = headerSets.get(next);
        next = (next + 1) & 3;
        return headers;
    }

    private static Exchange exchangeMatching(String mode) {
        String name = "bench.headers." + mode;
        Exchange exchange = Exchange.create(ExchangeDefinition.of(name, ExchangeType.HEADERS));
        for (int i = 0; i < BINDINGS; i++) {
            Map<String, Object> arguments = Map.of("x-match", mode,
                    "format", FORMATS[i % FORMATS.length], "region", REGIONS[i % REGIONS.length]);
            exchange.bind(new Binding(name, Destination.queue("q" + i), "", arguments));
        }
        return exchange;
    }
}
