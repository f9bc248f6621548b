package dev.sluice.bench;

import dev.sluice.core.Broker;
import dev.sluice.core.BrokerSettings;
import dev.sluice.core.Owner;
import dev.sluice.core.VirtualHost;
import dev.sluice.core.message.Message;
import dev.sluice.core.message.MessageProperties;
import dev.sluice.core.queue.ConsumerSpec;
import dev.sluice.core.queue.Queue;
import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.queue.QueueStats;
import dev.sluice.store.mapdb.MapDbMessageStore;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The backlog benchmark: an embedded broker on the MapDB store in a temporary directory, N durable
 * queues, M persistent messages published through the core ({@link VirtualHost#publish}, no
 * sockets) and then drained by one consumer per queue that acks (prefetch 1,000). Publishers keep
 * at most a window of unconfirmed messages, as a client publishing with confirms would: without
 * it a core-level publisher outruns the disk and the pending writes alone fill any heap. It
 * prints elapsed times, peak heap (in use, and live after collections), resident set (peak and
 * high-water mark, anonymous and file-backed), and the store's size on disk.
 *
 * <p>Run it (see docs/performance.md) with a small heap to check that queues beyond the memory
 * budget live on disk:
 * <pre>
 * mvn -o -q -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
 * java -Xmx512m -XX:+ExitOnOutOfMemoryError \
 *      -cp target/classes:target/test-classes:$(cat target/bench.classpath) \
 *      dev.sluice.bench.BacklogProgram --messages 5000000 --queues 10 --size 1024
 * </pre>
 * Options: {@code --messages N}, {@code --queues N}, {@code --size BYTES}, {@code --publishers N},
 * {@code --window N} (unconfirmed messages per publisher), {@code --dir PATH} (a parent for the
 * temporary data directory), {@code --keep} (leave the data directory).
 *
 * <p>Threading: the main thread runs the phases; publisher and acker threads are its own.
 */
public final class BacklogProgram {
    private static final Owner OWNER = new Owner("backlog-benchmark");
    private static final int PREFETCH = 1000;
    private static final int CONFIRM_BATCH = 500;

    /** The command line. */
    private record Options(long messages, int queues, int size, int publishers, int window, Path parent, boolean keep) {
        static Options parse(String[] args) {
            long messages = 5_000_000;
            int queues = 10;
            int size = 1024;
            int publishers = 2;
            int window = 20_000;
            Path parent = Path.of(System.getProperty("java.io.tmpdir"));
            boolean keep = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--messages" -> messages = Long.parseLong(args[++i]);
                    case "--queues" -> queues = Integer.parseInt(args[++i]);
                    case "--size" -> size = Integer.parseInt(args[++i]);
                    case "--publishers" -> publishers = Integer.parseInt(args[++i]);
                    case "--window" -> window = Integer.parseInt(args[++i]);
                    case "--dir" -> parent = Path.of(args[++i]);
                    case "--keep" -> keep = true;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (size < Long.BYTES || publishers > queues) {
                throw new IllegalArgumentException("--size must be at least 8 and --publishers at most --queues");
            }
            return new Options(messages, queues, size, publishers, window, parent, keep);
        }
    }

    private final Options options;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong consumed = new AtomicLong();
    private final ResourceSampler sampler = new ResourceSampler(50, 30_000,
            () -> "published " + published.get() + ", consumed " + consumed.get());

    private BacklogProgram(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        new BacklogProgram(Options.parse(args)).run();
    }

    private void run() throws Exception {
        Path dataDir = Files.createTempDirectory(options.parent(), "sluice-backlog-");
        BrokerSettings settings = BrokerSettings.durable(dataDir);
        print("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ", max heap " + mib(Runtime.getRuntime().maxMemory()) + ", " + Runtime.getRuntime().availableProcessors()
                + " processors");
        print("workload", options.messages() + " persistent messages of " + options.size() + " bytes, "
                + options.queues() + " durable queues, " + options.publishers() + " publishers (window "
                + options.window() + "), data in " + dataDir);
        print("memory budget", mib(settings.paging().memoryBudget()) + ", head window "
                + settings.paging().windowEntries() + " entries");
        sampler.start();
        try (Broker broker = new Broker(settings)) {
            VirtualHost vhost = broker.defaultVirtualHost();
            List<Queue> queues = new ArrayList<>();
            for (int q = 0; q < options.queues(); q++) {
                vhost.declareQueue(QueueDefinition.durable("backlog-" + q, Map.of()), OWNER, false);
                queues.add(vhost.queue("backlog-" + q));
            }
            long started = System.nanoTime();
            publish(broker, vhost);
            long publishedAt = System.nanoTime();
            print("publish", seconds(publishedAt - started) + " s, " + rate(options.messages(), publishedAt - started)
                    + " msg/s (every message confirmed durable)");
            long paged = queues.stream().map(Queue::stats).mapToLong(QueueStats::pagedOut).sum();
            print("after publish", "ready " + queues.stream().mapToLong(Queue::messageCount).sum() + ", paged out "
                    + paged + ", budget in use " + mib(broker.memoryBudget().used()) + ", store on disk "
                    + mib(diskSize(dataDir)));
            drain(queues);
            long drained = System.nanoTime();
            print("drain", seconds(drained - publishedAt) + " s, " + rate(options.messages(), drained - publishedAt)
                    + " msg/s (one consumer per queue, prefetch " + PREFETCH + ", acks in batches)");
            long storedAfter = broker.store().messageCount();
            long written = System.nanoTime();
            print("after drain", "ready " + queues.stream().mapToLong(Queue::messageCount).sum()
                    + ", budget in use " + broker.memoryBudget().used() + " bytes, messages in store "
                    + storedAfter + " (acks on disk " + seconds(written - drained) + " s after the last one), "
                    + "store on disk " + mib(diskSize(dataDir)));
            print("shared-record cache", mib(((MapDbMessageStore) broker.store()).cachedBytes()));
            print("total", seconds(written - started) + " s");
        } finally {
            sampler.stop();
            report();
            if (!options.keep()) {
                deleteTree(dataDir);
            }
        }
    }

    private void publish(Broker broker, VirtualHost vhost) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        CountDownLatch failed = new CountDownLatch(1);
        for (int p = 0; p < options.publishers(); p++) {
            int publisher = p;
            Thread t = new Thread(() -> {
                try {
                    publishShare(broker, vhost, publisher);
                } catch (RuntimeException | InterruptedException e) {
                    e.printStackTrace();
                    failed.countDown();
                }
            }, "publisher-" + p);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failed.getCount() == 0) {
            throw new IllegalStateException("a publisher failed");
        }
    }

    /**
     * Publishes this publisher's share: the queues {@code q} with {@code q % publishers == publisher},
     * in turn, each message numbered within its queue. Waits for confirms to keep the window.
     */
    private void publishShare(Broker broker, VirtualHost vhost, int publisher) throws InterruptedException {
        List<Integer> mine = new ArrayList<>();
        for (int q = publisher; q < options.queues(); q += options.publishers()) {
            mine.add(q);
        }
        long total = options.messages() / options.queues() * mine.size()
                + Math.max(0, Math.min(mine.size(), options.messages() % options.queues() - publisher));
        Semaphore window = new Semaphore(options.window());
        long[] numbers = new long[options.queues()];
        MessageProperties persistent = MessageProperties.builder().persistent().build();
        byte[] filler = new byte[options.size()];
        ThreadLocalRandom.current().nextBytes(filler);
        int unconfirmed = 0;
        for (long i = 0; i < total; i++) {
            int q = mine.get((int) (i % mine.size()));
            byte[] body = filler.clone();
            long number = numbers[q]++;
            for (int b = 0; b < Long.BYTES; b++) {
                body[b] = (byte) (number >>> (56 - 8 * b));
            }
            window.acquire();
            vhost.publish(Message.builder().routingKey("backlog-" + q).properties(persistent)
                    .body(Unpooled.wrappedBuffer(body)).build());
            published.incrementAndGet();
            if (++unconfirmed == CONFIRM_BATCH) {
                int confirmed = unconfirmed;
                broker.store().whenDurable(() -> window.release(confirmed));
                unconfirmed = 0;
            }
        }
        int confirmed = unconfirmed;
        broker.store().whenDurable(() -> window.release(confirmed));
        window.acquire(options.window());
    }

    private void drain(List<Queue> queues) throws InterruptedException {
        List<DrainingConsumer> consumers = new ArrayList<>();
        for (Queue q : queues) {
            DrainingConsumer c = new DrainingConsumer(PREFETCH);
            c.attach(q.subscribe(ConsumerSpec.of("drain-" + q.name(), OWNER).withPrefetch(PREFETCH), c));
            consumers.add(c);
        }
        int ackers = Math.max(1, Math.min(2, consumers.size()));
        List<Thread> threads = new ArrayList<>();
        for (int a = 0; a < ackers; a++) {
            int acker = a;
            Thread t = new Thread(() -> ack(consumers, acker, ackers), "acker-" + a);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long received = consumers.stream().mapToLong(DrainingConsumer::received).sum();
        long outOfOrder = consumers.stream().mapToLong(DrainingConsumer::outOfOrder).sum();
        print("drained", received + " messages, " + outOfOrder + " out of order");
        if (received != options.messages() || outOfOrder != 0) {
            throw new IllegalStateException("the drain did not get every message in order");
        }
    }

    /** Acker thread: settles what its consumers received until all of it has arrived. */
    private void ack(List<DrainingConsumer> consumers, int acker, int ackers) {
        long[] buffer = new long[PREFETCH];
        while (true) {
            int acked = 0;
            for (int c = acker; c < consumers.size(); c += ackers) {
                acked += consumers.get(c).ackSome(buffer);
            }
            consumed.addAndGet(acked);
            long received = consumers.stream().mapToLong(DrainingConsumer::received).sum();
            if (acked == 0) {
                if (received >= options.messages()) {
                    return;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void report() {
        print("peak heap used", mib(sampler.peakHeapUsed()) + " (garbage included)");
        print("peak heap after GC", mib(sampler.peakHeapAfterGc()) + " (live set)");
        print("peak RSS", mib(sampler.peakRss()) + " (anonymous " + mib(sampler.peakRssAnon()) + ", file-backed "
                + mib(sampler.peakRssFile()) + ")");
        print("VmHWM", mib(ResourceSampler.status("VmHWM")));
    }

    private static long diskSize(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void print(String what, String value) {
        System.out.printf("%-22s %s%n", what, value);
        System.out.flush();
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }

    private static String seconds(long nanos) {
        return String.format("%.1f", nanos / 1e9);
    }

    private static String rate(long messages, long nanos) {
        return String.format("%,.0f", messages / (nanos / 1e9));
    }
}
