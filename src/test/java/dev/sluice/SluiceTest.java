package dev.sluice;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.security.AuthSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded API on real sockets: ports, data directory, config file, close, handshake timeout.
 *
 * <p>Threading: each test starts and closes its own servers on the test thread.
 */
class SluiceTest {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    @TempDir
    Path tempDir;

    @Test
    void startsOnAFreePortThatAcceptsConnections() throws IOException {
        try (Sluice sluice = onFreePort().start(); Socket socket = connect(sluice)) {
            assertTrue(sluice.amqpPort() > 0);
            assertEquals("127.0.0.1", sluice.host());
            assertTrue(socket.isConnected());
            assertNotNull(sluice.broker());
        }
    }

    @Test
    void closingTwiceIsHarmless() {
        Sluice sluice = onFreePort().start();
        sluice.close();
        assertDoesNotThrow(sluice::close);
    }

    @Test
    void closeStopsListening() {
        Sluice sluice = onFreePort().start();
        sluice.close();
        assertThrows(ConnectException.class, () -> connect(sluice).close());
    }

    @Test
    void everyInterfaceIsReportedAsLoopback() throws IOException {
        try (Sluice sluice = onFreePort().host(ServerSettings.ALL_INTERFACES).start(); Socket socket = connect(sluice)) {
            assertEquals("127.0.0.1", sluice.host());
            assertTrue(socket.isConnected());
        }
    }

    @Test
    void createsAMissingDataDirectory() {
        Path dataDir = tempDir.resolve("nested/data");
        try (Sluice sluice = onFreePort().dataDir(dataDir).start()) {
            assertTrue(Files.isDirectory(dataDir));
            assertEquals(dataDir, sluice.broker().settings().dataDir());
        }
    }

    @Test
    void missingConfigFileFailsTheStart() {
        Path missing = tempDir.resolve("no-such.yaml");
        StartupException failure = assertThrows(StartupException.class, () -> onFreePort().configFile(missing).start());
        assertTrue(failure.getMessage().contains(missing.toAbsolutePath().toString()), failure.getMessage());
    }

    @Test
    void existingConfigFileIsRecordedInTheSettings() throws IOException {
        Path config = Files.writeString(tempDir.resolve("sluice.yaml"), "# no definitions yet\n");
        try (Sluice sluice = onFreePort().configFile(config).start()) {
            assertEquals(Optional.of(config), sluice.settings().configFile());
        }
    }

    @Test
    void busyPortFailsTheStart() {
        try (Sluice first = onFreePort().start()) {
            StartupException failure = assertThrows(StartupException.class,
                    () -> onFreePort().amqpPort(first.amqpPort()).dataDir(tempDir.resolve("other")).start());
            assertTrue(failure.getMessage().contains("cannot listen on"), failure.getMessage());
        }
    }

    @Test
    void aDataDirectoryInUseFailsTheStart() {
        try (Sluice first = onFreePort().start()) {
            StartupException failure = assertThrows(StartupException.class, () -> onFreePort().start());
            assertTrue(failure.getMessage().contains("another broker is using it"), failure.getMessage());
            assertNotNull(first.broker());
        }
    }

    @Test
    void durableDefinitionsSurviveARestartOfTheServer() {
        try (Sluice sluice = onFreePort().start()) {
            sluice.broker().defaultVirtualHost().declareQueue(
                    dev.sluice.core.queue.QueueDefinition.durable("kept", java.util.Map.of()), null, false);
        }
        try (Sluice sluice = onFreePort().start()) {
            assertNotNull(sluice.broker().defaultVirtualHost().queue("kept"));
        }
    }

    @Test
    void twoServersGetDifferentFreePorts() {
        try (Sluice first = onFreePort().dataDir(tempDir.resolve("one")).start();
                Sluice second = onFreePort().dataDir(tempDir.resolve("two")).start()) {
            assertNotEquals(first.amqpPort(), second.amqpPort());
        }
    }

    @Test
    void connectionThatSendsNothingIsClosedAfterTheHandshakeTimeout() throws IOException {
        try (Sluice sluice = onFreePort().handshakeTimeout(Duration.ofMillis(200)).start();
                Socket socket = connect(sluice)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            InputStream in = socket.getInputStream();
            assertEquals(-1, in.read(), "the server should close a silent connection");
        }
    }

    @Test
    void settingsRejectOutOfRangePorts() {
        assertThrows(IllegalArgumentException.class, () -> Sluice.builder().amqpPort(65536).settings());
        assertThrows(IllegalArgumentException.class, () -> Sluice.builder().httpPort(-1).settings());
    }

    @Test
    void defaultsFollowRabbitMq() {
        ServerSettings defaults = ServerSettings.defaults();
        assertEquals("0.0.0.0", defaults.host());
        assertEquals(5672, defaults.amqpPort());
        assertEquals(15672, defaults.httpPort());
        assertEquals(Path.of("data"), defaults.dataDir());
        assertEquals(Duration.ofSeconds(10), defaults.handshakeTimeout());
        assertEquals(defaults, Sluice.builder().settings());
    }

    @Test
    void anonymousLoginIsOffByDefaultAndItsUserMustExist() {
        assertEquals(AuthSettings.defaults(), ServerSettings.defaults().auth());
        AuthSettings anonymous = AuthSettings.defaults().withAnonymousLogin("nobody");
        StartupException failure = assertThrows(StartupException.class, () -> onFreePort().auth(anonymous).start());
        assertEquals("the anonymous login user 'nobody' does not exist", failure.getMessage());
        try (Sluice sluice = onFreePort().auth(AuthSettings.defaults().withAnonymousLogin("guest")).start()) {
            assertEquals(Optional.of("guest"), sluice.settings().auth().anonymousLoginUser());
        }
    }

    private SluiceBuilder onFreePort() {
        return Sluice.builder().host("127.0.0.1").amqpPort(0).httpPort(0).dataDir(tempDir.resolve("data"));
    }

    private static Socket connect(Sluice sluice) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(sluice.host(), sluice.amqpPort()), CONNECT_TIMEOUT_MILLIS);
        return socket;
    }
}
