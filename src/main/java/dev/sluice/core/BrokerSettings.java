package dev.sluice.core;

import dev.sluice.core.alarm.ResourceSettings;
import dev.sluice.core.queue.PagingSettings;
import dev.sluice.store.StoreSettings;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings the core needs at start.
 *
 * @param dataDir where stores keep their files (unused by the in-memory store)
 * @param housekeepingThreads threads of the scheduler that runs TTL and queue-expiry timers
 * @param store which store keeps messages and definitions, and how it commits
 * @param paging the memory budget of queued messages and how durable queues page beyond it (with
 *        the MapDB store; the memory store never pages out)
 * @param resources when the memory and disk alarms go on (they block publishers)
 *
 * <p>Threading: immutable.
 */
public record BrokerSettings(Path dataDir, int housekeepingThreads, StoreSettings store, PagingSettings paging,
                             ResourceSettings resources) {
    public BrokerSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(paging, "paging");
        Objects.requireNonNull(resources, "resources");
        if (housekeepingThreads < 1) {
            throw new IllegalArgumentException("housekeepingThreads must be at least 1");
        }
    }

    /**
     * The default paging (a quarter of the heap as memory budget) and resource alarms
     * ({@link ResourceSettings#defaults()}).
     */
    public BrokerSettings(Path dataDir, int housekeepingThreads, StoreSettings store) {
        this(dataDir, housekeepingThreads, store, PagingSettings.defaults(), ResourceSettings.defaults());
    }

    /** In-memory stores, as {@link #defaults()} has them. */
    public BrokerSettings(Path dataDir, int housekeepingThreads) {
        this(dataDir, housekeepingThreads, StoreSettings.memory());
    }

    /**
     * Defaults for tests and throw-away brokers: in-memory stores (nothing touches the disk),
     * {@code ./data} as data directory, one housekeeping thread.
     */
    public static BrokerSettings defaults() {
        return new BrokerSettings(Path.of("data"), 1, StoreSettings.memory());
    }

    /** A broker whose durable things survive restarts: MapDB under {@code dataDir}. */
    public static BrokerSettings durable(Path dataDir) {
        return new BrokerSettings(dataDir, 1, StoreSettings.mapDb());
    }

    public BrokerSettings withDataDir(Path dir) {
        return new BrokerSettings(dir, housekeepingThreads, store, paging, resources);
    }

    public BrokerSettings withStore(StoreSettings newStore) {
        return new BrokerSettings(dataDir, housekeepingThreads, newStore, paging, resources);
    }

    public BrokerSettings withPaging(PagingSettings newPaging) {
        return new BrokerSettings(dataDir, housekeepingThreads, store, newPaging, resources);
    }

    public BrokerSettings withResources(ResourceSettings newResources) {
        return new BrokerSettings(dataDir, housekeepingThreads, store, paging, newResources);
    }
}
