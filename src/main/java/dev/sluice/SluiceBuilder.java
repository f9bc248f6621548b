package dev.sluice;

import dev.sluice.config.InvalidConfigException;
import dev.sluice.config.ServerConfig;
import dev.sluice.config.SluiceConfig;
import dev.sluice.store.StoreSettings;
import dev.sluice.core.alarm.ResourceSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Collects the values of {@link ServerSettings} one at a time and starts a {@link Sluice}. A value
 * set here wins over the configuration file's {@code server} section, which wins over the
 * defaults of {@link ServerSettings#defaults()}; the values are checked when {@link #settings()}
 * or {@link #start()} builds the record.
 *
 * <p>Threading: not thread-safe; use a builder from one thread.
 */
public final class SluiceBuilder {
    private String host;
    private Integer amqpPort;
    private String httpHost;
    private Integer httpPort;
    private Path dataDir;
    private Optional<Path> configFile = Optional.empty();
    private Duration handshakeTimeout = ServerSettings.DEFAULT_HANDSHAKE_TIMEOUT;
    private ResourceSettings resources;

    SluiceBuilder() {
    }

    /** The interface to listen on (AMQP, and the management API unless {@link #httpHost} is set); default every interface. */
    public SluiceBuilder host(String host) {
        this.host = host;
        return this;
    }

    /** The AMQP port; default 5672, {@code 0} for a free port. */
    public SluiceBuilder amqpPort(int port) {
        this.amqpPort = port;
        return this;
    }

    /** The interface the management API listens on; default: the AMQP host. */
    public SluiceBuilder httpHost(String host) {
        this.httpHost = host;
        return this;
    }

    /** The management API port; default 15672, {@code 0} for a free port. */
    public SluiceBuilder httpPort(int port) {
        this.httpPort = port;
        return this;
    }

    /** Where the broker keeps its files; default {@code ./data}; created when missing. */
    public SluiceBuilder dataDir(Path dir) {
        this.dataDir = dir;
        return this;
    }

    /** A YAML configuration file; it must exist and be valid. Its definitions are applied at start. */
    public SluiceBuilder configFile(Path file) {
        this.configFile = Optional.of(file);
        return this;
    }

    /** How long a new connection may take to send its protocol header; default 10 seconds. */
    public SluiceBuilder handshakeTimeout(Duration timeout) {
        this.handshakeTimeout = timeout;
        return this;
    }

    /** When the memory and disk alarms block publishers; default {@link ResourceSettings#defaults()}. */
    public SluiceBuilder resources(ResourceSettings settings) {
        this.resources = settings;
        return this;
    }

    /**
     * The settings collected so far, with the configuration file's server section under them.
     *
     * @throws IllegalArgumentException when a value is out of range
     * @throws InvalidConfigException when the configuration file is invalid
     */
    public ServerSettings settings() {
        return settings(config());
    }

    private SluiceConfig config() {
        return configFile.map(Sluice::readConfig).orElse(SluiceConfig.EMPTY);
    }

    private ServerSettings settings(SluiceConfig config) {
        ServerConfig file = config.server();
        String amqpHost = first(host, file.amqp().host(), ServerSettings.ALL_INTERFACES);
        StoreSettings store = StoreSettings.mapDb();
        if (file.commitInterval().isPresent()) {
            store = store.withCommitInterval(file.commitInterval().get());
        }
        if (file.maxGroupSize().isPresent()) {
            store = store.withMaxGroupSize(file.maxGroupSize().get());
        }
        return new ServerSettings(
                amqpHost,
                first(amqpPort, file.amqp().port(), ServerSettings.DEFAULT_AMQP_PORT),
                first(httpHost, file.http().host(), host != null ? host : amqpHost),
                first(httpPort, file.http().port(), ServerSettings.DEFAULT_HTTP_PORT),
                first(dataDir, file.dataDir(), ServerSettings.DEFAULT_DATA_DIR),
                configFile,
                handshakeTimeout,
                store,
                resources != null ? resources : ResourceLimitsMapping.toSettings(file.limits()));
    }

    private static <T> T first(T given, Optional<T> fromFile, T fallback) {
        return given != null ? given : fromFile.orElse(fallback);
    }

    /**
     * Starts a server with these settings and applies the configuration file's definitions; see
     * {@link Sluice#start(ServerSettings)}.
     *
     * @throws StartupException when the configuration is invalid or the start fails
     */
    public Sluice start() {
        SluiceConfig config;
        try {
            config = config();
        } catch (InvalidConfigException e) {
            throw Sluice.invalidConfig(e);
        }
        return Sluice.start(settings(config), config);
    }
}
