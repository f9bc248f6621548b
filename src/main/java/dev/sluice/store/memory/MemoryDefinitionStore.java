package dev.sluice.store.memory;

import dev.sluice.store.CatalogDefinitionStore;
import dev.sluice.store.DefinitionCatalog;
import dev.sluice.store.VirtualHostDefinitions;
import java.util.List;
import java.util.function.Function;

/**
 * The in-memory definition store: keeps what a disk store would keep, for tests and for brokers
 * without a disk; nothing survives the process.
 *
 * <p>Threading: thread-safe (synchronized on the store).
 */
public final class MemoryDefinitionStore extends CatalogDefinitionStore {
    @Override
    protected synchronized void apply(Function<DefinitionCatalog, DefinitionCatalog.Change> change) {
        change.apply(catalog);
    }

    @Override
    protected synchronized List<VirtualHostDefinitions> snapshot() {
        return catalog.snapshot();
    }

    @Override
    public void close() {
    }
}
