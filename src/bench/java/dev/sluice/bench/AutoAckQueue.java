package dev.sluice.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A broker with one queue ({@value #QUEUE}) and one auto-ack consumer.
 *
 * <p>Threading: {@code Scope.Thread}; the broker, queue and consumer belong to one benchmark
 * thread, which publishes and receives (synchronously, inside publish).
 */
@State(Scope.Thread)
public class AutoAckQueue {
    static final String QUEUE = "bench.autoack";

    CoreFixture core;
    CountingSink sink;

    @Setup(Level.Trial)
    public void setUp() {
        core = new CoreFixture();
        sink = new CountingSink();
        core.autoAckQueue(QUEUE, sink);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        core.close();
    }
}
