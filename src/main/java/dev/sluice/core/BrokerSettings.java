package dev.sluice.core;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings the core needs at start.
 *
 * @param dataDir where stores keep their files (unused by the in-memory store)
 * @param housekeepingThreads threads of the scheduler that runs TTL and queue-expiry timers
 *
 * <p>Threading: immutable.
 */
public record BrokerSettings(Path dataDir, int housekeepingThreads) {
    public BrokerSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        if (housekeepingThreads < 1) {
            throw new IllegalArgumentException("housekeepingThreads must be at least 1");
        }
    }

    /** Defaults: data in {@code ./data}, one housekeeping thread. */
    public static BrokerSettings defaults() {
        return new BrokerSettings(Path.of("data"), 1);
    }

    public BrokerSettings withDataDir(Path dir) {
        return new BrokerSettings(dir, housekeepingThreads);
    }
}
