package dev.sluice.bench.jms;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.jms.policy.JmsDefaultPrefetchPolicy;

/**
 * A JMS load program for one broker: one producer and one consumer, each on its own connection and
 * thread, on one queue, with BytesMessages of a fixed size, through Qpid JMS over AMQP 1.0.
 * The consumer uses AUTO_ACKNOWLEDGE and Qpid JMS's default prefetch. After a warm-up period
 * it counts sends and receipts for the measured period and records producer-to-consumer latencies.
 *
 * <p>Standard error gets a progress line per second; standard output gets one line
 * {@code RESULT key=value ...} at the end (values without spaces), read by bench/jms-bench.sh.
 * Exit status 0 when the run completed, 1 when producer or consumer failed, 2 for bad options.
 *
 * <p>{@code java -cp 'target/classes:target/lib/*' dev.sluice.bench.jms.JmsLoad --url amqp://127.0.0.1:5673 --mode persistent}
 */
public final class JmsLoad {
    private static final long JOIN_GRACE_MILLIS = 30_000;

    private final Options options;
    private final PrintStream out;
    private final PrintStream progress;

    JmsLoad(Options options, PrintStream out, PrintStream progress) {
        this.options = options;
        this.out = out;
        this.progress = progress;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("JmsLoad: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        int status = new JmsLoad(options, System.out, System.err).run();
        // Qpid JMS threads of a connection that could not close in time must not keep the JVM alive
        System.exit(status);
    }

    int run() throws JMSException, InterruptedException {
        JmsConnectionFactory factory = options.user().isEmpty()
                ? new JmsConnectionFactory(options.connectionUri())
                : new JmsConnectionFactory(options.user(), options.password(), options.connectionUri());
        progress.printf("JmsLoad: uri=%s mode=%s delivery-mode=%d force-async-send=%s size=%d warmup=%ds measured=%ds"
                        + " ack=AUTO_ACKNOWLEDGE queue-prefetch=%s queue=%s%n",
                options.connectionUri(), options.mode().argument(), options.mode().deliveryMode(),
                factory.isForceAsyncSend(), options.size(), options.warmupSeconds(), options.measuredSeconds(),
                queuePrefetch(factory), options.queue());

        Connection consumerConnection = factory.createConnection();
        Connection producerConnection = null;
        try {
            consumerConnection.setExceptionListener(e -> progress.println("JmsLoad: consumer connection: " + e));
            Session consumerSession = consumerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = consumerSession.createConsumer(consumerSession.createQueue(options.queue()));
            consumerConnection.start();

            producerConnection = factory.createConnection();
            producerConnection.setExceptionListener(e -> progress.println("JmsLoad: producer connection: " + e));
            Session producerSession = producerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = producerSession.createProducer(producerSession.createQueue(options.queue()));
            producer.setDeliveryMode(options.mode().deliveryMode());

            Window window = Window.startingNow(options.warmupSeconds(), options.measuredSeconds());
            ProducerLoop producerLoop = new ProducerLoop(producerSession, producer, window, options.size());
            ConsumerLoop consumerLoop = new ConsumerLoop(consumer, window, options.size());
            Thread consumerThread = new Thread(consumerLoop, "jms-load-consumer");
            Thread producerThread = new Thread(producerLoop, "jms-load-producer");
            consumerThread.start();
            producerThread.start();

            Snapshot[] marks = watch(window, producerLoop, consumerLoop);
            producerThread.join(JOIN_GRACE_MILLIS);
            consumerThread.join(JOIN_GRACE_MILLIS);
            if (producerThread.isAlive() || consumerThread.isAlive()) {
                progress.println("JmsLoad: producer or consumer still blocked " + JOIN_GRACE_MILLIS
                        + " ms after the end (producer " + producerLoop.sent() + " sent, consumer "
                        + consumerLoop.received() + " received)");
                return 1;
            }
            if (producerLoop.failure() != null || consumerLoop.failure() != null) {
                progress.println("JmsLoad: failed: producer " + producerLoop.failure() + "; consumer " + consumerLoop.failure());
                return 1;
            }
            out.println(resultLine(producerLoop, consumerLoop, marks[0], marks[1]));
            out.flush();
            return 0;
        } finally {
            close(producerConnection);
            close(consumerConnection);
        }
    }

    /**
     * Prints progress each second until the window ends; returns the snapshots taken when the
     * measured period began and when it ended.
     */
    private Snapshot[] watch(Window window, ProducerLoop producerLoop, ConsumerLoop consumerLoop) throws InterruptedException {
        Snapshot[] marks = new Snapshot[2];
        int total = options.warmupSeconds() + options.measuredSeconds();
        long lastSent = 0;
        long lastReceived = 0;
        if (options.warmupSeconds() == 0) {
            marks[0] = snapshot(producerLoop, consumerLoop);
        }
        for (int second = 1; second <= total; second++) {
            long due = window.start() + second * 1_000_000_000L;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            long sent = producerLoop.sent();
            long received = consumerLoop.received();
            if (second == options.warmupSeconds()) {
                marks[0] = snapshot(producerLoop, consumerLoop);
            }
            if (second == total) {
                marks[1] = snapshot(producerLoop, consumerLoop);
            }
            progress.printf("JmsLoad: %3ds %s sent %d (%d/s) received %d (%d/s) backlog %d%n", second,
                    second <= options.warmupSeconds() ? "warm-up " : "measured", sent, sent - lastSent,
                    received, received - lastReceived, sent - received);
            lastSent = sent;
            lastReceived = received;
        }
        return marks;
    }

    private Snapshot snapshot(ProducerLoop producerLoop, ConsumerLoop consumerLoop) {
        Duration broker = options.brokerPid() > 0
                ? ProcessHandle.of(options.brokerPid()).flatMap(p -> p.info().totalCpuDuration()).orElse(null)
                : null;
        Duration self = ProcessHandle.current().info().totalCpuDuration().orElse(null);
        return new Snapshot(producerLoop.sent(), consumerLoop.received(), broker, self);
    }

    private String resultLine(ProducerLoop producerLoop, ConsumerLoop consumerLoop, Snapshot from, Snapshot to) {
        // the loops count exactly the measured period; the snapshots (CPU times) are a few ms off its edges
        double seconds = options.measuredSeconds();
        LatencyHistogram latencies = consumerLoop.latencies();
        long receivedInWindow = consumerLoop.receivedInWindow();
        Optional<Double> brokerCpu = cpuSeconds(from.brokerCpu(), to.brokerCpu());
        Optional<Double> clientCpu = cpuSeconds(from.selfCpu(), to.selfCpu());
        StringBuilder line = new StringBuilder("RESULT");
        field(line, "label", options.label().isEmpty() ? "-" : options.label());
        field(line, "mode", options.mode().argument());
        field(line, "seconds", format("%.0f", seconds));
        field(line, "sent", Long.toString(producerLoop.sentInWindow()));
        field(line, "received", Long.toString(receivedInWindow));
        field(line, "sent_per_s", format("%.0f", producerLoop.sentInWindow() / seconds));
        field(line, "received_per_s", format("%.0f", receivedInWindow / seconds));
        field(line, "p50_ms", millis(latencies.percentile(0.50)));
        field(line, "p99_ms", millis(latencies.percentile(0.99)));
        field(line, "max_ms", millis(latencies.max()));
        field(line, "backlog_at_end", Long.toString(to.sent() - to.received()));
        field(line, "broker_cpu_s", brokerCpu.map(s -> format("%.2f", s)).orElse("-"));
        field(line, "broker_cpu_us_per_msg", brokerCpu.filter(s -> receivedInWindow > 0)
                .map(s -> format("%.1f", s * 1e6 / receivedInWindow)).orElse("-"));
        field(line, "client_cpu_s", clientCpu.map(s -> format("%.2f", s)).orElse("-"));
        field(line, "client_cpu_us_per_msg", clientCpu.filter(s -> receivedInWindow > 0)
                .map(s -> format("%.1f", s * 1e6 / receivedInWindow)).orElse("-"));
        return line.toString();
    }

    private static Optional<Double> cpuSeconds(Duration from, Duration to) {
        if (from == null || to == null) {
            return Optional.empty();
        }
        return Optional.of(to.minus(from).toNanos() / 1e9);
    }

    private static void field(StringBuilder line, String key, String value) {
        line.append(' ').append(key).append('=').append(value);
    }

    private static String millis(long micros) {
        return format("%.2f", micros / 1000.0);
    }

    private static String format(String pattern, Object value) {
        return String.format(Locale.ROOT, pattern, value);
    }

    private static String queuePrefetch(JmsConnectionFactory factory) {
        return factory.getPrefetchPolicy() instanceof JmsDefaultPrefetchPolicy policy
                ? Integer.toString(policy.getQueuePrefetch())
                : factory.getPrefetchPolicy().getClass().getSimpleName();
    }

    private void close(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (JMSException e) {
            progress.println("JmsLoad: closing a connection: " + e);
        }
    }

    /** Counters and CPU times at one instant; a CPU time is null when the platform does not tell. */
    private record Snapshot(long sent, long received, Duration brokerCpu, Duration selfCpu) {
    }
}
