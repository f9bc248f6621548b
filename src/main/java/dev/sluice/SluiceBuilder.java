package dev.sluice;

import dev.sluice.core.alarm.ResourceSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Collects the values of {@link ServerSettings} one at a time and starts a {@link Sluice}. Unset
 * values keep the defaults of {@link ServerSettings#defaults()}; the values are checked when
 * {@link #settings()} or {@link #start()} builds the record.
 *
 * <p>Threading: not thread-safe; use a builder from one thread.
 */
public final class SluiceBuilder {
    private String host = ServerSettings.ALL_INTERFACES;
    private int amqpPort = ServerSettings.DEFAULT_AMQP_PORT;
    private int httpPort = ServerSettings.DEFAULT_HTTP_PORT;
    private Path dataDir = ServerSettings.DEFAULT_DATA_DIR;
    private Optional<Path> configFile = Optional.empty();
    private Duration handshakeTimeout = ServerSettings.DEFAULT_HANDSHAKE_TIMEOUT;
    private ResourceSettings resources;

    SluiceBuilder() {
    }

    /** The interface to listen on; default {@code 0.0.0.0}, every interface. */
    public SluiceBuilder host(String host) {
        this.host = host;
        return this;
    }

    /** The AMQP port; default 5672, {@code 0} for a free port. */
    public SluiceBuilder amqpPort(int port) {
        this.amqpPort = port;
        return this;
    }

    /** The management API port; default 15672. Recorded only: that API does not exist yet. */
    public SluiceBuilder httpPort(int port) {
        this.httpPort = port;
        return this;
    }

    /** Where the broker keeps its files; default {@code ./data}; created when missing. */
    public SluiceBuilder dataDir(Path dir) {
        this.dataDir = dir;
        return this;
    }

    /** A YAML definitions file; it must exist. Its definitions are not applied yet. */
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
     * The settings collected so far.
     *
     * @throws IllegalArgumentException when a value is out of range
     */
    public ServerSettings settings() {
        return new ServerSettings(host, amqpPort, httpPort, dataDir, configFile, handshakeTimeout,
                resources == null ? ResourceSettings.defaults() : resources);
    }

    /** Starts a server with these settings; see {@link Sluice#start(ServerSettings)}. */
    public Sluice start() {
        return Sluice.start(settings());
    }
}
