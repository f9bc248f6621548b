package dev.sluice.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler ({@code -prof dev.sluice.bench.CpuTimeProfiler}) that reports, per iteration,
 * operations per second of the benchmark process's CPU time ({@code cpu.ops/s}) and how many cores
 * the process kept busy on average ({@code cpu.share}). On a machine shared with other work the
 * wall-clock score falls whenever the benchmark thread waits for a core; {@code cpu.ops/s} counts
 * only the time the process actually ran (its JIT, GC and helper threads included), so it stays a
 * fair estimate of one core's capacity, and a {@code cpu.share} well below 1 on a one-thread
 * benchmark shows that the wall-clock score was cut by contention.
 *
 * <p>Threading: JMH calls {@link #beforeIteration} and {@link #afterIteration} from its control
 * thread, one iteration at a time; the fields carry the start of the current iteration.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private final OperatingSystemMXBean os =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuAtStart;
    private long wallAtStart;

    @Override
    public String getDescription() {
        return "Operations per second of process CPU time, and the process's average CPU share";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuAtStart = os.getProcessCpuTime();
        wallAtStart = System.nanoTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams,
                                                       IterationResult result) {
        double cpuNanos = os.getProcessCpuTime() - cpuAtStart;
        double wallNanos = System.nanoTime() - wallAtStart;
        double ops = result.getMetadata().getAllOps();
        return List.of(
                new ScalarResult("cpu.ops/s", ops / (cpuNanos / 1e9), "ops/s", AggregationPolicy.AVG),
                new ScalarResult("cpu.share", cpuNanos / wallNanos, "cores", AggregationPolicy.AVG));
    }
}
