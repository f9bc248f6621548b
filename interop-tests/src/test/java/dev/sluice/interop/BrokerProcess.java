package dev.sluice.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged broker ({@code sluice.jar}) running as its own OS process on a free port with a
 * fresh data directory, for black-box tests. {@link #start()} returns once the broker has printed
 * its ready line; {@link #stop()} sends SIGTERM, {@link #kill()} SIGKILL, and both wait for the
 * process to end; {@link #restart()} starts a new process on the same data directory and port
 * once this one has ended; {@link #close()} kills a broker that is still running and deletes its
 * directory (unless a restarted process has taken the directory over).
 *
 * <p>The jar and the java binary come from the system properties {@code sluice.jar} and
 * {@code sluice.java}, which the failsafe plugin sets.
 *
 * <p>Threading: drive one instance from one test thread; its output is collected by two daemon
 * threads (see {@link ProcessOutput}).
 */
public final class BrokerProcess implements AutoCloseable {
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    public static final String READY_PREFIX = "sluice ready amqp=";

    private final Process process;
    private final ProcessOutput output;
    private final Path workDir;
    private final List<String> extraOptions;
    private final InetSocketAddress amqpAddress;
    private final InetSocketAddress httpAddress;
    /** Set when a restarted process took over the directory: closing this one leaves it alone. */
    private boolean handedOver;

    private BrokerProcess(Process process, ProcessOutput output, Path workDir, List<String> extraOptions,
                          InetSocketAddress amqpAddress, InetSocketAddress httpAddress) {
        this.process = process;
        this.output = output;
        this.workDir = workDir;
        this.extraOptions = List.copyOf(extraOptions);
        this.amqpAddress = amqpAddress;
        this.httpAddress = httpAddress;
    }

    /** Starts a broker with {@code start --amqp-port 0 --http-port 0 --data-dir <fresh dir>}. */
    public static BrokerProcess start() throws IOException, InterruptedException {
        return start(List.of());
    }

    /** Starts a broker as {@link #start()} does, with more {@code start} options after the usual ones. */
    public static BrokerProcess start(List<String> extraOptions) throws IOException, InterruptedException {
        Path workDir = Files.createTempDirectory("sluice-it-");
        try {
            return launch(workDir, 0, extraOptions);
        } catch (IOException | RuntimeException | InterruptedException e) {
            deleteRecursively(workDir);
            throw e;
        }
    }

    /**
     * Starts a new broker on this one's data directory and AMQP port (and with its extra options),
     * after this one has ended through {@link #stop()} or {@link #kill()}. The new process takes
     * over the directory: close that one; closing this one no longer deletes anything. When the new
     * broker does not start, the directory is kept for a post-mortem and the error names it.
     */
    public BrokerProcess restart() throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException("the broker still runs; stop or kill it before restarting");
        }
        if (handedOver) {
            throw new IllegalStateException("this broker was restarted already");
        }
        try {
            BrokerProcess next = launch(workDir, amqpPort(), extraOptions);
            handedOver = true;
            return next;
        } catch (RuntimeException e) {
            handedOver = true;
            throw new IllegalStateException("the broker did not start again on " + workDir.resolve("data")
                    + " (kept for a post-mortem): " + e.getMessage(), e);
        }
    }

    /** Starts the jar in {@code workDir} with its data in {@code workDir/data}; waits for the ready line. */
    private static BrokerProcess launch(Path workDir, int amqpPort, List<String> extraOptions)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                requiredProperty("sluice.java"), "-Dio.netty.leakDetection.level=paranoid",
                "-jar", requiredProperty("sluice.jar"),
                "start", "--amqp-port", Integer.toString(amqpPort), "--http-port", "0",
                "--data-dir", workDir.resolve("data").toString()));
        command.addAll(extraOptions);
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).start();
        process.getOutputStream().close();
        ProcessOutput output = new ProcessOutput(process, READY_PREFIX);
        try {
            String readyLine = output.awaitLine(READY_TIMEOUT);
            return new BrokerProcess(process, output, workDir, extraOptions, parseAddress(readyLine),
                    parseHttpAddress(readyLine));
        } catch (RuntimeException | InterruptedException e) {
            process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The host from the ready line, one a client on this machine can connect to. */
    public String host() {
        return amqpAddress.getHostString();
    }

    /** The real AMQP port from the ready line. */
    public int amqpPort() {
        return amqpAddress.getPort();
    }

    public InetSocketAddress amqpAddress() {
        return amqpAddress;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the broker has written so far, stdout and stderr, for failure messages. */
    public String output() {
        return output.text();
    }

    /**
     * Sends SIGTERM and waits for the process to end and its output to be read.
     *
     * @return the exit status
     * @throws AssertionError when it does not end within {@link #STOP_TIMEOUT} (it is then killed)
     */
    public int stop() throws InterruptedException {
        // Through the handle: Process.destroy() would also close our ends of stdout and stderr,
        // losing the lines the broker writes while it shuts down.
        process.toHandle().destroy();
        return awaitExit("SIGTERM");
    }

    /** Sends SIGKILL and waits for the process to end; returns the exit status. */
    public int kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        return awaitExit("SIGKILL");
    }

    /**
     * Kills the broker if it still runs, waits for it to end, and deletes its directory unless a
     * restarted broker has taken it over. Fails when the broker (which runs with paranoid leak
     * detection) reported a leaked Netty buffer.
     */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!handedOver) {
                deleteRecursively(workDir);
            }
        }
        if (output().contains("LEAK:")) {
            throw new AssertionError("the broker reported a leaked buffer; output:\n" + output());
        }
    }

    private int awaitExit(String signal) throws InterruptedException {
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("broker did not end within " + STOP_TIMEOUT + " of " + signal
                    + "; output:\n" + output());
        }
        output.awaitEnd(STOP_TIMEOUT);
        return process.exitValue();
    }

    /** The management API's address from the ready line's {@code http=} field. */
    public InetSocketAddress httpAddress() {
        return httpAddress;
    }

    /** {@code http://host:port} of the management API. */
    public String httpUrl() {
        return "http://" + httpAddress.getHostString() + ":" + httpAddress.getPort();
    }

    /** The broker's process id (for signals such as SIGHUP). */
    public long pid() {
        return process.pid();
    }

    /** Reads {@code host:port} or {@code [ipv6]:port} after the ready prefix (up to the next space). */
    static InetSocketAddress parseAddress(String readyLine) {
        return hostAndPort(readyLine.substring(READY_PREFIX.length()).strip().split(" ")[0], readyLine);
    }

    /** The {@code http=} field of the ready line, or null when there is none. */
    static InetSocketAddress parseHttpAddress(String readyLine) {
        for (String field : readyLine.strip().split(" ")) {
            if (field.startsWith("http=")) {
                return hostAndPort(field.substring("http=".length()), readyLine);
            }
        }
        return null;
    }

    private static InetSocketAddress hostAndPort(String hostAndPort, String readyLine) {
        int colon = hostAndPort.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalStateException("no host:port in ready line: " + readyLine);
        }
        String host = hostAndPort.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(hostAndPort.substring(colon + 1));
        return new InetSocketAddress(host, port);
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set; run the interop tests with mvn verify");
        }
        return value;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
