package dev.sluice;

import dev.sluice.core.alarm.ResourceSettings;
import dev.sluice.store.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a running Sluice server needs to know at start: where to listen, where to keep
 * data and which configuration file was chosen.
 *
 * @param host the interface the AMQP listener binds to; {@code 0.0.0.0} means every interface
 * @param amqpPort the AMQP port (both protocols share it); {@code 0} picks a free port
 * @param httpHost the interface the management API binds to
 * @param httpPort the port of the management API; {@code 0} picks a free port
 * @param dataDir where the broker keeps its files; created at start when missing
 * @param configFile the YAML configuration file, when one was chosen; it must exist
 * @param handshakeTimeout how long a new connection may take to send its 8-byte protocol header
 * @param store the MapDB store's group commit (interval and largest group)
 * @param resources the memory and disk alarms that block publishers (RabbitMQ's defaults)
 *
 * <p>Threading: immutable.
 */
public record ServerSettings(
        String host,
        int amqpPort,
        String httpHost,
        int httpPort,
        Path dataDir,
        Optional<Path> configFile,
        Duration handshakeTimeout,
        StoreSettings store,
        ResourceSettings resources) {

    /** Listens on every interface, as RabbitMQ does. */
    public static final String ALL_INTERFACES = "0.0.0.0";
    public static final int DEFAULT_AMQP_PORT = 5672;
    public static final int DEFAULT_HTTP_PORT = 15672;
    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    public ServerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(httpHost, "httpHost");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(resources, "resources");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (httpHost.isBlank()) {
            throw new IllegalArgumentException("httpHost must not be blank");
        }
        requirePort("amqpPort", amqpPort);
        requirePort("httpPort", httpPort);
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive, got " + handshakeTimeout);
        }
    }

    /** All interfaces, ports 5672 and 15672, data in {@code ./data}, no config file, 10 s handshake, MapDB defaults, default resource alarms. */
    public static ServerSettings defaults() {
        return new ServerSettings(ALL_INTERFACES, DEFAULT_AMQP_PORT, ALL_INTERFACES, DEFAULT_HTTP_PORT,
                DEFAULT_DATA_DIR, Optional.empty(), DEFAULT_HANDSHAKE_TIMEOUT, StoreSettings.mapDb(),
                ResourceSettings.defaults());
    }

    private static void requirePort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be between 0 and 65535, got " + port);
        }
    }
}
