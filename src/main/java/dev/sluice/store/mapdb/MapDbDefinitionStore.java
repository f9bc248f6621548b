package dev.sluice.store.mapdb;

import dev.sluice.store.CatalogDefinitionStore;
import dev.sluice.store.DefinitionCatalog;
import dev.sluice.store.VirtualHostDefinitions;
import java.util.List;
import java.util.function.Function;

/**
 * The MapDB definition store: the catalog in memory, each change recorded as definition records
 * put and deleted in the writer's pending group. Definitions and messages share one file and one
 * writer, so their changes reach the disk in the order they were made: a confirmed message's
 * queue, exchange and bindings are on disk no later than the message.
 *
 * <p>Threading: thread-safe; guarded by the writer's group lock.
 */
public final class MapDbDefinitionStore extends CatalogDefinitionStore {
    private final MapDbStorage storage;
    private final GroupWriter writer;

    MapDbDefinitionStore(MapDbStorage storage, GroupWriter writer) {
        this.storage = storage;
        this.writer = writer;
    }

    /** Reads every definition record into the catalog, oldest first. */
    void load(MapDbTables tables) {
        writer.lockGroup();
        try {
            tables.definitions.forEach((id, bytes) -> catalog.restore(id, DefinitionCodec.decode(bytes)));
        } finally {
            writer.unlockGroup();
        }
    }

    @Override
    protected void apply(Function<DefinitionCatalog, DefinitionCatalog.Change> change) {
        PendingGroup g = writer.lockGroup();
        try {
            if (g == null) {
                return;
            }
            DefinitionCatalog.Change done = change.apply(catalog);
            for (long id : done.removed()) {
                g.deleteDefinition(id);
            }
            for (DefinitionCatalog.Item item : done.added()) {
                g.putDefinition(item.id(), DefinitionCodec.encode(item.definition()));
            }
        } finally {
            writer.unlockGroup();
        }
    }

    @Override
    protected List<VirtualHostDefinitions> snapshot() {
        writer.lockGroup();
        try {
            return catalog.snapshot();
        } finally {
            writer.unlockGroup();
        }
    }

    /** Closes the whole storage (this store and the message store share it). */
    @Override
    public void close() {
        storage.close();
    }
}
