package dev.sluice.bench;

import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.Destination;
import dev.sluice.core.routing.ExchangeDefinition;
import dev.sluice.core.routing.ExchangeType;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A broker with a fanout exchange ({@value #EXCHANGE}) bound to {@value #QUEUES} queues, each with
 * one auto-ack consumer; all consumers share one counting sink.
 *
 * <p>Threading: {@code Scope.Thread}; everything belongs to one benchmark thread, which publishes
 * and receives every copy (synchronously, inside publish).
 */
@State(Scope.Thread)
public class FanoutQueues {
    static final String EXCHANGE = "bench.fanout";
    static final int QUEUES = 10;

    CoreFixture core;
    CountingSink sink;

    @Setup(Level.Trial)
    public void setUp() {
        core = new CoreFixture();
        sink = new CountingSink();
        core.vhost.declareExchange(ExchangeDefinition.of(EXCHANGE, ExchangeType.FANOUT), false);
        for (int i = 0; i < QUEUES; i++) {
            String queue = EXCHANGE + "." + i;
            core.autoAckQueue(queue, sink);
            core.vhost.bind(new Binding(EXCHANGE, Destination.queue(queue), ""), core.owner);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        core.close();
    }
}
