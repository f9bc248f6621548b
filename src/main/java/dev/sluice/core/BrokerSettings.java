package dev.sluice.core;

import dev.sluice.core.alarm.ResourceSettings;
import dev.sluice.core.queue.FilterLanguage;
import dev.sluice.core.queue.PagingSettings;
import dev.sluice.core.queue.QueueDefinition;
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
 * @param filters the language of queue selectors ({@link QueueDefinition#SELECTOR_ARGUMENT}); the
 *        server uses JMS selectors, the other constructors {@link FilterLanguage#NONE}
 *
 * <p>Threading: immutable.
 */
public record BrokerSettings(Path dataDir, int housekeepingThreads, StoreSettings store, PagingSettings paging,
                             ResourceSettings resources, FilterLanguage filters) {
    public BrokerSettings {
        Objects.requireNonNull(filters, "filters");
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
        this(dataDir, housekeepingThreads, store, PagingSettings.defaults(), ResourceSettings.defaults(),
                FilterLanguage.NONE);
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
        return new BrokerSettings(dir, housekeepingThreads, store, paging, resources, filters);
    }

    public BrokerSettings withStore(StoreSettings newStore) {
        return new BrokerSettings(dataDir, housekeepingThreads, newStore, paging, resources, filters);
    }

    public BrokerSettings withPaging(PagingSettings newPaging) {
        return new BrokerSettings(dataDir, housekeepingThreads, store, newPaging, resources, filters);
    }

    public BrokerSettings withResources(ResourceSettings newResources) {
        return new BrokerSettings(dataDir, housekeepingThreads, store, paging, newResources, filters);
    }

    public BrokerSettings withFilters(FilterLanguage newFilters) {
        return new BrokerSettings(dataDir, housekeepingThreads, store, paging, resources, newFilters);
    }
}
