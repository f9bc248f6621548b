package dev.sluice.bench;

import dev.sluice.core.routing.Destination;
import dev.sluice.core.routing.Exchange;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * Throughput of {@link Exchange#route} alone, one message's routing key (and headers) per
 * operation, for each exchange type. The output list is reused (cleared before each route) so the
 * score is routing, not allocation of result lists; each operation returns the number of
 * destinations found, which JMH consumes.
 *
 * <p>Threading: every state is {@code Scope.Thread}; the figures in docs/performance.md are for
 * one thread ({@code -t 1}, JMH's default). Concurrent routing is covered for correctness by the
 * unit tests, not measured here.
 *
 * <p>Each fork runs on a fixed, pre-touched 2 GiB heap: letting the heap grow during measurement
 * made the allocation-heavy benchmarks swing by 2x between iterations (page faults).
 */
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@OutputTimeUnit(TimeUnit.SECONDS)
public class RoutingBenchmark {

    /** Direct exchange, 1,000 bindings, key bound (hit). */
    @Benchmark
    public int direct(DirectRoutes s) {
        return route(s.exchange, s.keys.next(), null, s.out);
    }

    /** Fanout exchange, 10 bindings. */
    @Benchmark
    public int fanout(FanoutRoutes s) {
        return route(s.exchange, "", null, s.out);
    }

    /** Topic exchange, keys whose routes stay in the route cache. */
    @Benchmark
    public int topicCacheHit(TopicRoutes s) {
        return route(s.exchange, s.hits.next(), null, s.out);
    }

    /** Topic exchange, 2^20 distinct keys: every route misses the cache and walks the trie. */
    @Benchmark
    public int topicCacheMiss(TopicRoutes s) {
        return route(s.exchange, s.misses.next(), null, s.out);
    }

    /** Headers exchange, 10 bindings with {@code x-match: all}. */
    @Benchmark
    public int headersAll(HeadersRoutes s) {
        return route(s.matchAll, "", s.nextHeaders(), s.out);
    }

    /** Headers exchange, 10 bindings with {@code x-match: any}. */
    @Benchmark
    public int headersAny(HeadersRoutes s) {
        return route(s.matchAny, "", s.nextHeaders(), s.out);
    }

    private static int route(Exchange exchange, String key, Map<String, Object> headers,
                             ArrayList<Destination> out) {
        out.clear();
        exchange.route(key, headers, out);
        return out.size();
    }
}
