package dev.sluice.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code server} section: read at start only (a reload leaves these alone). Empty values fall
 * back to the command line's defaults; options given on the command line win over the file.
 *
 * @param amqp the AMQP listener's host and port
 * @param http the management API's host and port
 * @param dataDir where the broker keeps its files
 * @param limits memory and disk limits
 * @param commitInterval the storage writer's group-commit interval
 * @param maxGroupSize the storage writer's largest group
 * @param logLevel one of error, warning, info, debug, trace
 *
 * <p>Threading: immutable.
 */
public record ServerConfig(ListenerConfig amqp, ListenerConfig http, Optional<Path> dataDir, ResourceLimits limits,
                           Optional<Duration> commitInterval, Optional<Integer> maxGroupSize,
                           Optional<String> logLevel) {
    /** Nothing set. */
    public static final ServerConfig NONE = new ServerConfig(ListenerConfig.NONE, ListenerConfig.NONE,
            Optional.empty(), ResourceLimits.NONE, Optional.empty(), Optional.empty(), Optional.empty());

    public ServerConfig {
        Objects.requireNonNull(amqp, "amqp");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(maxGroupSize, "maxGroupSize");
        Objects.requireNonNull(logLevel, "logLevel");
    }

    /**
     * One listener's address; either part may be left to the defaults.
     *
     * <p>Threading: immutable.
     */
    public record ListenerConfig(Optional<String> host, Optional<Integer> port) {
        public static final ListenerConfig NONE = new ListenerConfig(Optional.empty(), Optional.empty());
    }

    /**
     * Resource limits, recorded for the memory and disk alarms.
     *
     * @param memoryFraction the memory high watermark as a fraction of the JVM's maximum heap
     *     (RabbitMQ's {@code vm_memory_high_watermark.relative})
     * @param memoryBytes the memory high watermark in bytes (absolute); at most one of the two is set
     * @param diskFreeBytes free disk space below which publishers are blocked
     *
     * <p>Threading: immutable.
     */
    public record ResourceLimits(Optional<Double> memoryFraction, Optional<Long> memoryBytes,
                                 Optional<Long> diskFreeBytes) {
        public static final ResourceLimits NONE = new ResourceLimits(Optional.empty(), Optional.empty(),
                Optional.empty());
    }
}
