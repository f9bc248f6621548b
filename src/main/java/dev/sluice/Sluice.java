package dev.sluice;

import dev.sluice.amqp091.Amqp091Endpoint;
import dev.sluice.amqp091.Amqp091Settings;
import dev.sluice.config.ConfigApplier;
import dev.sluice.config.ConfigParser;
import dev.sluice.config.ConfigService;
import dev.sluice.config.InvalidConfigException;
import dev.sluice.config.SluiceConfig;
import dev.sluice.amqp10.Amqp10Endpoint;
import dev.sluice.amqp10.Amqp10Settings;
import dev.sluice.amqp10.jms.Selector;
import dev.sluice.core.Broker;
import dev.sluice.core.BrokerSettings;
import dev.sluice.management.ManagementServer;
import dev.sluice.security.AccessControl;
import dev.sluice.security.AuthSettings;
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
 * A running Sluice server: the broker core, the AMQP listener in front of it and the management
 * HTTP API beside it. Start one with
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
    private final ManagementServer management;
    private final String httpHost;
    private final int httpPort;
    private final UserRegistry users;
    private final AccessControl access;
    private final ConfigService configService;
    private final String host;
    private final int amqpPort;
    private boolean closed;

    private Sluice(ServerSettings settings, Broker broker, AmqpListener listener, ManagementServer management,
                   UserRegistry users, AccessControl access, ConfigService configService) {
        this.settings = settings;
        this.broker = broker;
        this.listener = listener;
        this.management = management;
        this.httpHost = ConnectableAddress.host(management.localAddress());
        this.httpPort = management.localAddress().getPort();
        this.users = users;
        this.access = access;
        this.configService = configService;
        this.host = ConnectableAddress.host(listener.localAddress());
        this.amqpPort = listener.localAddress().getPort();
    }

    /** A builder with the defaults of {@link ServerSettings#defaults()}. */
    public static SluiceBuilder builder() {
        return new SluiceBuilder();
    }

    /**
     * Checks the settings, reads the configuration file (when one is set), creates the data
     * directory, starts the broker, applies the file's definitions, and binds the AMQP port and
     * the management API. The file's {@code server} section is not read here: {@link SluiceBuilder}
     * and the command line merge it into the settings.
     *
     * @throws StartupException when any of that fails; whatever was started is stopped again
     */
    public static Sluice start(ServerSettings settings) {
        SluiceConfig config;
        try {
            config = settings.configFile().map(Sluice::readConfig).orElse(SluiceConfig.EMPTY);
        } catch (InvalidConfigException e) {
            throw invalidConfig(e);
        }
        return start(settings, config);
    }

    /** Starts with a configuration already read from {@code settings.configFile()}. */
    static Sluice start(ServerSettings settings, SluiceConfig config) {
        config.server().logLevel().ifPresent(LogLevels::apply);
        createDataDir(settings.dataDir());
        Broker broker = openBroker(settings);
        UserRegistry users = UserRegistry.withDefaultGuest();
        AccessControl access = AccessControl.withDefaultGuest();
        ConfigService configService = new ConfigService(settings.configFile(), broker, users, access);
        AmqpListener listener = null;
        ManagementServer management = null;
        try {
            ConfigApplier.Report report = configService.applyAtStart(config);
            if (!report.ok()) {
                throw new StartupException("cannot apply " + settings.configFile().map(Path::toString).orElse("the configuration")
                        + ": " + String.join("; ", report.failed()));
            }
            report.notApplied().forEach(line -> LOG.log(Level.WARNING, line));
            checkAnonymousUser(settings.auth(), users);
            listener = new AmqpListener(listenerSettings(settings), protocolEndpoints(broker, users, access,
                    settings.auth()));
            listener.start();
            String amqp = ConnectableAddress.hostAndPort(ConnectableAddress.host(listener.localAddress()),
                    listener.localAddress().getPort());
            management = ManagementServer.start(settings.httpHost(), settings.httpPort(), broker, users, access,
                    configService, ManifestVersion.current(), amqp);
        } catch (UncheckedIOException e) {
            closeQuietly(listener);
            broker.close();
            throw new StartupException(e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(listener);
            broker.close();
            throw e;
        }
        Sluice sluice = new Sluice(settings, broker, listener, management, users, access, configService);
        LOG.log(Level.INFO, "Sluice started: AMQP on {0}, management API on {1}, data in {2}{3}",
                ConnectableAddress.hostAndPort(settings.host(), sluice.amqpPort()),
                ConnectableAddress.hostAndPort(settings.httpHost(), sluice.httpPort()),
                settings.dataDir().toAbsolutePath(),
                settings.configFile().map(f -> ", configuration from " + f.toAbsolutePath()).orElse(""));
        return sluice;
    }

    private static void closeQuietly(AmqpListener listener) {
        if (listener != null) {
            listener.close();
        }
    }

    /** Reads a configuration file; a missing one is a one-line start failure. */
    static SluiceConfig readConfig(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new StartupException("config file not found: " + file.toAbsolutePath());
        }
        return ConfigParser.parseFile(file);
    }

    /** The start failure for an invalid file: a summary line, then every problem on a line of its own. */
    static StartupException invalidConfig(InvalidConfigException e) {
        return new StartupException("invalid configuration, " + e.getMessage() + "\n" + e.listing().stripTrailing(), e);
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

    /** A host a client on this machine can reach the management API on. */
    public String httpHost() {
        return httpHost;
    }

    /** The port the management API is bound to; never 0. */
    public int httpPort() {
        return httpPort;
    }

    /** The broker core behind the listener. */
    public Broker broker() {
        return broker;
    }

    /** The users who may log in (AMQP and the management API). */
    public UserRegistry users() {
        return users;
    }

    /** Who may do what in which virtual host. */
    public AccessControl accessControl() {
        return access;
    }

    /** The configuration file's side: reload, diff, import. */
    public ConfigService configuration() {
        return configService;
    }

    /** Stops accepting connections, closes the open ones, then closes the broker. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            management.close();
            listener.close();
        } finally {
            broker.close();
        }
        LOG.log(Level.INFO, "Sluice stopped");
    }

    /** The protocols the AMQP port speaks: AMQP 0-9-1 and AMQP 1.0, with one user registry and one login policy. */
    private static List<ProtocolEndpoint> protocolEndpoints(Broker broker, UserRegistry users, AccessControl access,
                                                            AuthSettings auth) {
        String version = ManifestVersion.current();
        return List.of(new Amqp091Endpoint(broker, users, access, Amqp091Settings.defaults(version).withAuth(auth)),
                new Amqp10Endpoint(broker, users, access, Amqp10Settings.defaults(version).withAuth(auth)));
    }

    /** ANONYMOUS is offered only when the user it logs in as exists (the file's users are applied by now). */
    private static void checkAnonymousUser(AuthSettings auth, UserRegistry users) {
        auth.anonymousLoginUser().ifPresent(name -> {
            if (users.user(name) == null) {
                throw new StartupException("the anonymous login user '" + name + "' does not exist");
            }
        });
    }

    private static ListenerSettings listenerSettings(ServerSettings settings) {
        return new ListenerSettings(settings.host(), settings.amqpPort(), settings.handshakeTimeout(),
                Runtime.getRuntime().availableProcessors());
    }

    /** The broker with its MapDB store under the data directory; a store that cannot open stops the start. */
    private static Broker openBroker(ServerSettings settings) {
        try {
            return new Broker(BrokerSettings.durable(settings.dataDir()).withStore(settings.store())
                    .withResources(settings.resources()).withFilters(Selector.LANGUAGE));
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
