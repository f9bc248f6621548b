package dev.sluice.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Samples the process's memory every few milliseconds on a daemon thread and keeps the peaks: heap
 * in use (garbage included), heap in use after the last collection (the live set, summed over the
 * heap pools), and from {@code /proc/self/status} the resident set (VmRSS) split into anonymous
 * memory (RssAnon: the Java heap, metaspace, thread stacks, direct buffers) and file pages
 * (RssFile: mostly MapDB's memory-mapped file, which the kernel can drop at will). Every
 * {@code reportEvery} it prints a progress line with the current values.
 *
 * <p>Threading: {@link #start} and {@link #stop} from one thread; the peaks are atomics.
 */
final class ResourceSampler {
    private final long intervalMillis;
    private final long reportEveryMillis;
    private final Supplier<String> progress;
    private final AtomicLong peakHeapUsed = new AtomicLong();
    private final AtomicLong peakHeapAfterGc = new AtomicLong();
    private final AtomicLong peakRss = new AtomicLong();
    private final AtomicLong peakRssAnon = new AtomicLong();
    private final AtomicLong peakRssFile = new AtomicLong();
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();
    private volatile boolean running;
    private Thread thread;

    ResourceSampler(long intervalMillis, long reportEveryMillis, Supplier<String> progress) {
        this.intervalMillis = intervalMillis;
        this.reportEveryMillis = reportEveryMillis;
        this.progress = progress;
    }

    void start() {
        running = true;
        thread = new Thread(this::run, "resource-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join();
        sample();
    }

    private void run() {
        long nextReport = System.currentTimeMillis() + reportEveryMillis;
        while (running) {
            sample();
            if (System.currentTimeMillis() >= nextReport) {
                nextReport += reportEveryMillis;
                System.out.printf("  ... %s; heap used %d MiB, RSS %d MiB%n", progress.get(),
                        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20, status("VmRSS") >> 20);
                System.out.flush();
            }
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        peakHeapUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        long afterGc = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            if (pool.getCollectionUsage() != null) {
                afterGc += pool.getCollectionUsage().getUsed();
            }
        }
        peakHeapAfterGc.accumulateAndGet(afterGc, Math::max);
        peakRss.accumulateAndGet(status("VmRSS"), Math::max);
        peakRssAnon.accumulateAndGet(status("RssAnon"), Math::max);
        peakRssFile.accumulateAndGet(status("RssFile"), Math::max);
    }

    /** A size line of /proc/self/status in bytes, or 0 where there is no such file. */
    static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith(field + ":")) {
                    String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    long peakHeapUsed() {
        return peakHeapUsed.get();
    }

    long peakHeapAfterGc() {
        return peakHeapAfterGc.get();
    }

    long peakRss() {
        return peakRss.get();
    }

    long peakRssAnon() {
        return peakRssAnon.get();
    }

    long peakRssFile() {
        return peakRssFile.get();
    }
}
