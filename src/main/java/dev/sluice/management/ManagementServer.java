package dev.sluice.management;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.config.ConfigService;
import dev.sluice.core.Broker;
import dev.sluice.core.VirtualHost;
import dev.sluice.core.queue.Queue;
import dev.sluice.security.AccessControl;
import dev.sluice.security.UserRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The management HTTP API on its own port, with RabbitMQ's paths and JSON shapes where they
 * overlap (listed in the README). It uses the JDK's
 * {@code com.sun.net.httpserver}: requests block on the broker's locks and on store commits,
 * which Netty's event loops must never do, and a small thread pool of blocking handlers is the
 * simplest correct shape for an administrative API.
 *
 * <p>Threading: {@link #start} and {@link #close} from one thread; requests are served by a pool
 * of {@value #THREADS} daemon threads; one daemon thread samples queue counters for rates.
 */
public final class ManagementServer implements AutoCloseable {
    static final int THREADS = 4;
    private static final long SAMPLE_MILLIS = 1000;

    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService sampler;

    private ManagementServer(HttpServer server, ExecutorService workers, ScheduledExecutorService sampler) {
        this.server = server;
        this.workers = workers;
        this.sampler = sampler;
    }

    /**
     * Binds {@code host:port} (0: a free port) and starts serving.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static ManagementServer start(String host, int port, Broker broker, UserRegistry users,
                                         AccessControl access, ConfigService config, String productVersion,
                                         String amqpListener) {
        QueueRates rates = new QueueRates();
        Management m = new Management(broker, users, access, config, rates, productVersion, amqpListener);
        Routes routes = new Routes();
        new OverviewApi(m).register(routes);
        new ExchangeApi(m).register(routes);
        new QueueApi(m).register(routes);
        new BindingApi(m).register(routes);
        new ClientsApi(m).register(routes);
        new AccessApi(m).register(routes);
        new PolicyApi(m).register(routes);
        new DefinitionsApi(m).register(routes);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + " (management API): "
                    + e.getMessage(), e);
        }
        ExecutorService workers = Executors.newFixedThreadPool(THREADS, daemon("sluice-http-"));
        server.setExecutor(workers);
        server.createContext("/", new ApiHandler(routes, users));
        server.start();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(daemon("sluice-rates-"));
        sampler.scheduleAtFixedRate(() -> sample(broker, rates), 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
        return new ManagementServer(server, workers, sampler);
    }

    private static void sample(Broker broker, QueueRates rates) {
        long now = System.currentTimeMillis();
        Set<String> keys = new HashSet<>();
        for (VirtualHost v : broker.virtualHosts()) {
            for (Queue q : v.queues()) {
                String key = QueueRates.key(v.name(), q.name());
                keys.add(key);
                rates.record(key, now, q.stats());
            }
        }
        rates.retain(keys);
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The bound address (the real port when 0 was asked for). */
    public InetSocketAddress localAddress() {
        return server.getAddress();
    }

    /** Stops accepting requests and waits up to a second for running ones. */
    @Override
    public void close() {
        sampler.shutdownNow();
        server.stop(1);
        workers.shutdownNow();
    }
}
