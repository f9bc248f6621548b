package dev.sluice.bench;

import dev.sluice.core.queue.ConsumerSpec;
import dev.sluice.core.queue.Queue;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A broker with one queue ({@value #QUEUE}) and one settling consumer of prefetch
 * {@value #PREFETCH}, whose sink records up to {@value #ACK_BATCH} delivery ids. The prefetch is
 * well above the batch, so the consumer never stalls and every publish is delivered at once.
 *
 * <p>Threading: {@code Scope.Thread}; the broker, queue and consumer belong to one benchmark
 * thread, which publishes, receives (synchronously, inside publish) and acks.
 */
@State(Scope.Thread)
public class AckedQueue {
    static final String QUEUE = "bench.acked";
    static final int PREFETCH = 1_000;
    static final int ACK_BATCH = 100;

    CoreFixture core;
    Queue queue;
    RecordingSink sink;

    @Setup(Level.Trial)
    public void setUp() {
        core = new CoreFixture();
        sink = new RecordingSink(ACK_BATCH);
        queue = core.consumedQueue(QUEUE, ConsumerSpec.of("bench", core.owner).withPrefetch(PREFETCH), sink);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        core.close();
    }
}
