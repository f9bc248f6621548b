package dev.sluice.bench;

import dev.sluice.core.RoutingResult;
import dev.sluice.core.VirtualHost;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The in-core message path without I/O: {@link VirtualHost#publish} (routing included) to a
 * queue, synchronous delivery to a consumer's sink, and settlement. One operation is one message
 * published, so the score is messages published per second; building the {@code Message} (a
 * duplicate of a shared 16-byte body) is part of the operation, as it is for a protocol adapter.
 *
 * <p>Threading: every state is {@code Scope.Thread}, with its own broker; the figures in
 * docs/performance.md are for one thread ({@code -t 1}, JMH's default), which publishes,
 * receives and acks, so no lock is ever contended.
 *
 * <p>Each fork runs on a fixed, pre-touched 2 GiB heap: letting the heap grow during measurement
 * made the allocation-heavy benchmarks swing by 2x between iterations (page faults).
 */
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@OutputTimeUnit(TimeUnit.SECONDS)
public class CorePathBenchmark {

    /** Publish, deliver, and ack in batches of {@value AckedQueue#ACK_BATCH} with one call. */
    @Benchmark
    public void publishDeliverAckBatch(AckedQueue s, Blackhole bh) {
        bh.consume(s.core.vhost.publish(s.core.message("", AckedQueue.QUEUE)));
        bh.consume(s.sink.ackWhenFull(s.queue));
    }

    /** Publish, deliver, and ack each message with its own call. */
    @Benchmark
    public void publishDeliverAckSingle(AckedQueue s, Blackhole bh) {
        bh.consume(s.core.vhost.publish(s.core.message("", AckedQueue.QUEUE)));
        bh.consume(s.sink.ackEach(s.queue));
    }

    /** Publish and deliver to an auto-ack consumer (nothing to settle). */
    @Benchmark
    public RoutingResult publishDeliverAutoAck(AutoAckQueue s, Blackhole bh) {
        RoutingResult result = s.core.vhost.publish(s.core.message("", AutoAckQueue.QUEUE));
        bh.consume(s.sink.delivered());
        return result;
    }

    /** Publish to a fanout exchange of {@value FanoutQueues#QUEUES} auto-ack-consumed queues. */
    @Benchmark
    public RoutingResult fanoutPublishAutoAck(FanoutQueues s, Blackhole bh) {
        RoutingResult result = s.core.vhost.publish(s.core.message(FanoutQueues.EXCHANGE, ""));
        bh.consume(s.sink.delivered());
        return result;
    }
}
