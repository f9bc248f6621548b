package dev.sluice;

import dev.sluice.amqp091.Amqp091Endpoint;
import dev.sluice.amqp091.Amqp091Settings;
import dev.sluice.amqp10.Amqp10Endpoint;
import dev.sluice.amqp10.Amqp10Settings;
import dev.sluice.core.Broker;
import dev.sluice.core.BrokerSettings;
import dev.sluice.security.UserRegistry;
import dev.sluice.store.StoreException;
import dev.sluice.transport.AmqpListener;
import dev.sluice.transport.ListenerSettings;
import dev.sluice.transport.ProtocolEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A running Sluice server: the broker core and the AMQP listener in front of it. Start one with
 * {@link #builder()} (or {@link #start(ServerSettings)}), stop it with {@link #close()}:
 *
 * <pre>{@code
 * try (Sluice sluice = Sluice.builder().amqpPort(0).dataDir(dir).start()) {
 *     connectTo(sluice.host(), sluice.amqpPort());
 * }
 * }</pre>
 *
 * <p>Threading: thread-safe. {@link #close()} blocks until the listener and the broker have
 * stopped; it may be called more than once and from any thread but a Netty event loop.
 */
public final class Sluice implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Sluice.class.getName());

    private final ServerSettings settings;
    private final Broker broker;
    private final AmqpListener listener;
    private final String host;
    private final int amqpPort;
    private boolean closed;

    private Sluice(ServerSettings settings, Broker broker, AmqpListener listener) {
        this.settings = settings;
        this.broker = broker;
        this.listener = listener;
        this.host = ConnectableAddress.host(listener.localAddress());
        this.amqpPort = listener.localAddress().getPort();
    }

    /** A builder with the defaults of {@link ServerSettings#defaults()}. */
    public static SluiceBuilder builder() {
        return new SluiceBuilder();
    }

    /**
     * Checks the settings, creates the data directory, starts the broker and binds the AMQP port.
     *
     * @throws StartupException when any of that fails; whatever was started is stopped again
     */
    public static Sluice start(ServerSettings settings) {
        announceConfigFile(settings);
        createDataDir(settings.dataDir());
        Broker broker = openBroker(settings.dataDir());
        AmqpListener listener = new AmqpListener(listenerSettings(settings), protocolEndpoints(broker));
        try {
            listener.start();
        } catch (UncheckedIOException e) {
            broker.close();
            throw new StartupException(e.getMessage(), e);
        }
        Sluice sluice = new Sluice(settings, broker, listener);
        LOG.log(Level.INFO, "Sluice started: AMQP on {0}, data in {1}",
                ConnectableAddress.hostAndPort(settings.host(), sluice.amqpPort()),
                settings.dataDir().toAbsolutePath());
        return sluice;
    }

    /** The settings this server was started with (the AMQP port as asked for, possibly 0). */
    public ServerSettings settings() {
        return settings;
    }

    /** A host a client on this machine can connect to: {@code 127.0.0.1} when every interface is bound. */
    public String host() {
        return host;
    }

    /** The port the AMQP listener is bound to; never 0. */
    public int amqpPort() {
        return amqpPort;
    }

    /** The broker core behind the listener. */
    public Broker broker() {
        return broker;
    }

    /** Stops accepting connections, closes the open ones, then closes the broker. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            listener.close();
        } finally {
            broker.close();
        }
        LOG.log(Level.INFO, "Sluice stopped");
    }

    /** The protocols the AMQP port speaks: AMQP 0-9-1 and AMQP 1.0, with one user registry. */
    private static List<ProtocolEndpoint> protocolEndpoints(Broker broker) {
        UserRegistry users = UserRegistry.withDefaultGuest();
        String version = ManifestVersion.current();
        return List.of(new Amqp091Endpoint(broker, users, Amqp091Settings.defaults(version)),
                new Amqp10Endpoint(broker, users, Amqp10Settings.defaults(version)));
    }

    private static ListenerSettings listenerSettings(ServerSettings settings) {
        return new ListenerSettings(settings.host(), settings.amqpPort(), settings.handshakeTimeout(),
                Runtime.getRuntime().availableProcessors());
    }

    private static void announceConfigFile(ServerSettings settings) {
        if (settings.configFile().isEmpty()) {
            return;
        }
        Path file = settings.configFile().get().toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new StartupException("config file not found: " + file);
        }
        LOG.log(Level.INFO, "config file {0} noted; YAML definitions are not applied yet", file);
    }

    /** The broker with its MapDB store under the data directory; a store that cannot open stops the start. */
    private static Broker openBroker(Path dataDir) {
        try {
            return new Broker(BrokerSettings.durable(dataDir));
        } catch (StoreException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    private static void createDataDir(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StartupException("cannot create data directory " + dataDir.toAbsolutePath() + ": " + e, e);
        }
    }
}
