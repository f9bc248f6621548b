package dev.sluice.interop.clients;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sluice.interop.BrokerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * RabbitMQ's other client libraries against Sluice, unchanged: Python pika, Node amqplib, Go
 * amqp091-go, and a Celery worker with kombu's py-amqp transport. Each is a program under
 * {@code interop-tests/clients/} (started through {@code run.sh}) that checks declares and
 * bindings of every exchange type, properties and header types, publisher confirms, basic.get,
 * ack / nack / reject, prefetch, mandatory returns, channel errors, refused logins, many channels,
 * a 1 MiB message, consumer cancel notification, heartbeats and more, printing PASS or FAIL per
 * check. Every check was first run against RabbitMQ 3.10.8.
 *
 * <p>Tagged {@code clients}: the default build leaves these tests out, as a machine with only
 * Java and Maven has none of the toolchains. {@code interop-tests/clients/setup.sh && mvn -B
 * verify -Pclients} installs them and runs these tests; a toolchain that is still missing fails
 * the test, never skips it. With {@code -Dinterop.target=rabbitmq} the programs run against a
 * RabbitMQ on localhost ({@code -Dinterop.rabbitmq.port}, default 5672) instead of Sluice.
 *
 * <p>Threading: JUnit's thread; each program's output is read by one daemon thread.
 */
@Tag("clients")
class OtherClientsIT {
    private static final Duration DEADLINE = Duration.ofMinutes(5);
    private static final int TOOLCHAIN_MISSING = 3;
    private static final Pattern SUMMARY = Pattern.compile("(?m)^(\\d+) passed, (\\d+) failed$");

    /** Null when the target is an external RabbitMQ. */
    private static BrokerProcess sluice;
    private static InetSocketAddress address;

    @BeforeAll
    static void startBroker() throws IOException, InterruptedException {
        String target = System.getProperty("interop.target", "sluice");
        switch (target) {
            case "sluice" -> {
                sluice = BrokerProcess.start();
                address = sluice.amqpAddress();
            }
            case "rabbitmq" -> address = new InetSocketAddress("localhost",
                    Integer.parseInt(System.getProperty("interop.rabbitmq.port", "5672")));
            default -> throw new IllegalArgumentException("interop.target must be sluice or rabbitmq, not " + target);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (sluice != null) {
            sluice.close();
        }
    }

    @Test
    void pythonPika() throws Exception {
        runClient("python");
    }

    @Test
    void nodeAmqplib() throws Exception {
        runClient("node");
    }

    @Test
    void goAmqp091() throws Exception {
        runClient("go");
    }

    @Test
    void celeryWorkerWithKombu() throws Exception {
        runClient("celery");
    }

    /** Runs {@code run.sh CLIENT HOST PORT}; fails with the program's output unless every check passed. */
    private static void runClient(String client) throws IOException, InterruptedException {
        Path script = clientsDir().resolve("run.sh");
        assertTrue(Files.isRegularFile(script), "no " + script);
        Process process = new ProcessBuilder(List.of("bash", script.toString(), client, address.getHostString(),
                Integer.toString(address.getPort())))
                .directory(clientsDir().toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        StringBuffer output = new StringBuffer();
        Thread reader = readInto(process.getInputStream(), output, client);
        if (!process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
            // the Celery check starts a worker of its own: end the whole tree
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            reader.join(TimeUnit.SECONDS.toMillis(10));
            fail(client + " did not finish within " + DEADLINE + "; output:\n" + output + brokerOutput());
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
        int status = process.exitValue();
        if (status == TOOLCHAIN_MISSING) {
            fail("the " + client + " toolchain is missing: run interop-tests/clients/setup.sh, then mvn -B verify"
                    + " -Pclients\n" + output);
        }
        if (status != 0) {
            fail(client + " failed (exit status " + status + "); output:\n" + output + brokerOutput());
        }
        Matcher summary = SUMMARY.matcher(output);
        assertTrue(summary.find() && Integer.parseInt(summary.group(1)) > 0 && summary.group(2).equals("0"),
                client + " exited 0 without a passing summary line; output:\n" + output);
        if (sluice != null) {
            assertTrue(sluice.isAlive(), "the broker ended during the " + client + " checks" + brokerOutput());
        }
        System.out.println(output);
    }

    /** {@code interop-tests/clients}: from the failsafe property, else from the working directory. */
    private static Path clientsDir() {
        String configured = System.getProperty("clients.dir");
        return (configured == null || configured.isBlank() ? Path.of("interop-tests", "clients") : Path.of(configured))
                .toAbsolutePath();
    }

    private static String brokerOutput() {
        return sluice == null ? "" : "\nbroker output:\n" + sluice.output();
    }

    private static Thread readInto(InputStream stream, StringBuffer output, String client) {
        Thread thread = new Thread(() -> {
            char[] buffer = new char[8192];
            try (Reader in = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    output.append(buffer, 0, n);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading the " + client + " check's output", e);
            }
        }, client + "-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
