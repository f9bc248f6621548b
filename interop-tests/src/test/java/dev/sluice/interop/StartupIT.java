package dev.sluice.interop;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Starts the packaged broker as a process and checks what every later protocol builds on: the
 * ready line, the protocol-header handshake on the AMQP port, and a clean stop on SIGTERM.
 *
 * <p>Threading: JUnit runs the tests one at a time; most share one broker process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StartupIT {
    private static final byte[] AMQP_091_HEADER = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};
    /** Long enough that a server that was going to answer a half header would have done so. */
    private static final Duration NO_ANSWER_WINDOW = Duration.ofMillis(300);
    private static final Duration START_WAIT = BrokerProcess.READY_TIMEOUT.plusSeconds(10);

    private BrokerProcess broker;

    @BeforeAll
    void startBroker() throws Exception {
        broker = BrokerProcess.start();
    }

    @AfterAll
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void readyLineGivesAPortThatAcceptsTcp() throws IOException {
        assertNotEquals(5672, broker.amqpPort());
        try (RawConnection connection = RawConnection.open(broker.amqpAddress())) {
            assertTrue(connection.staysSilentFor(NO_ANSWER_WINDOW), "the server spoke before the client");
        }
    }

    @Test
    void nonAmqpHeaderIsAnsweredWithTheAmqp091HeaderAndClosed() throws IOException {
        try (RawConnection connection = RawConnection.open(broker.amqpAddress())) {
            connection.send("GET / HTTP/1.1\r\n\r\n".getBytes(US_ASCII));

            assertArrayEquals(AMQP_091_HEADER, connection.readExactly(8), broker.output());
            assertTrue(connection.isClosedByPeer());
        }
    }

    @Test
    void amqp091HeaderIsAnsweredWithConnectionStart() throws IOException {
        try (RawConnection connection = RawConnection.open(broker.amqpAddress())) {
            connection.send(AMQP_091_HEADER);

            byte[] frameHeader = connection.readExactly(7);
            assertEquals(1, frameHeader[0], "a method frame");
            assertEquals(0, frameHeader[1] << 8 | frameHeader[2], "on channel 0");
            byte[] classAndMethod = connection.readExactly(4);
            assertArrayEquals(new byte[] {0, 10, 0, 10}, classAndMethod, "connection.start");
        }
    }

    @Test
    void headerSplitOverTwoWritesIsReadAsOneHeader() throws IOException {
        byte[] unknownHeader = {'A', 'M', 'Q', 'P', 9, 9, 9, 9};
        try (RawConnection connection = RawConnection.open(broker.amqpAddress())) {
            connection.send(Arrays.copyOfRange(unknownHeader, 0, 4));
            assertTrue(connection.staysSilentFor(NO_ANSWER_WINDOW), "answered before the header was whole");

            connection.send(Arrays.copyOfRange(unknownHeader, 4, 8));

            assertArrayEquals(AMQP_091_HEADER, connection.readExactly(8));
            assertTrue(connection.isClosedByPeer());
        }
    }

    @Test
    void sigtermStopsTheBrokerCleanlyWithExitStatusZero() throws Exception {
        try (BrokerProcess own = BrokerProcess.start()) {
            int exitStatus = own.stop();

            assertEquals(0, exitStatus, own.output());
            assertFalse(own.isAlive());
            assertTrue(own.output().contains("sluice stopped cleanly"), own.output());
            assertFalse(own.output().contains("LEAK:"), own.output());
        }
    }

    @Test
    void twoBrokersStartedAtOnceGetDifferentPorts() throws Exception {
        ExecutorService starters = Executors.newFixedThreadPool(2);
        List<CompletableFuture<BrokerProcess>> starts = List.of(startIn(starters), startIn(starters));
        try {
            BrokerProcess one = await(starts.get(0));
            BrokerProcess two = await(starts.get(1));

            assertNotEquals(one.amqpPort(), two.amqpPort());
            RawConnection.open(one.amqpAddress()).close();
            RawConnection.open(two.amqpAddress()).close();
        } finally {
            for (CompletableFuture<BrokerProcess> start : starts) {
                closeIfStarted(start);
            }
            starters.shutdownNow();
        }
    }

    private static CompletableFuture<BrokerProcess> startIn(ExecutorService executor) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return BrokerProcess.start();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("broker did not start", e);
            }
        }, executor);
    }

    private static BrokerProcess await(CompletableFuture<BrokerProcess> start) throws Exception {
        try {
            return start.get(START_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("broker did not start", e.getCause());
        }
    }

    private static void closeIfStarted(CompletableFuture<BrokerProcess> start) throws Exception {
        BrokerProcess broker = start.handle((started, failure) -> started).get(START_WAIT.toSeconds(), TimeUnit.SECONDS);
        if (broker != null) {
            broker.close();
        }
    }
}
