package dev.sluice.bench;

import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.Destination;
import dev.sluice.core.routing.Exchange;
import dev.sluice.core.routing.ExchangeDefinition;
import dev.sluice.core.routing.ExchangeType;
import dev.sluice.core.routing.TopicExchange;
import java.util.ArrayList;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A topic exchange with {@link #bindings} distinct binding keys (see {@link TopicWorkload}), each
 * bound to its own queue, and two key streams: {@link #hits}, 256 keys that all stay in the
 * exchange's route cache ({@value TopicExchange#DEFAULT_ROUTE_CACHE_SIZE} entries) after the
 * first pass, and {@link #misses}, {@value #MISS_KEYS} distinct keys, so every route of that
 * stream walks the trie and stores a fresh cache entry.
 *
 * <p>Threading: {@code Scope.Thread}; each benchmark thread routes on its own exchange.
 */
@State(Scope.Thread)
public class TopicRoutes {
    /** 2^20 distinct keys: a key comes round again only after a million others. */
    static final int MISS_KEYS = 1 << 20;
    private static final int HIT_KEYS = 256;

    @Param({"10", "1000", "100000"})
    public int bindings;

    Exchange exchange;
    KeyStream hits;
    KeyStream misses;
    final ArrayList<Destination> out = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
        TopicWorkload workload = new TopicWorkload(20261121L);
        String[] bindingKeys = workload.bindingKeys(bindings);
        exchange = Exchange.create(ExchangeDefinition.of("bench.topic", ExchangeType.TOPIC));
        for (int i = 0; i < bindingKeys.length; i++) {
            exchange.bind(new Binding("bench.topic", Destination.queue("q" + i), bindingKeys[i]));
        }
        hits = new KeyStream(workload.matchingKeys(bindingKeys, HIT_KEYS));
        misses = new KeyStream(workload.distinctKeys(bindingKeys, MISS_KEYS));
    }
}
