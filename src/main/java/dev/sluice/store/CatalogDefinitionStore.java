package dev.sluice.store;

import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.ExchangeDefinition;
import dev.sluice.store.StoredDefinition.BindingRecord;
import dev.sluice.store.StoredDefinition.ExchangeRecord;
import dev.sluice.store.StoredDefinition.QueueRecord;
import dev.sluice.store.StoredDefinition.VirtualHostRecord;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link DefinitionStore} over a {@link DefinitionCatalog}: turns each operation into a catalog
 * change and hands the change to {@link #apply}, where a subclass guards the catalog and, for a
 * disk store, records what was added and removed.
 *
 * <p>Threading: as the subclass's {@link #apply} and {@link #snapshot} make it (both must guard
 * the catalog).
 */
public abstract class CatalogDefinitionStore implements DefinitionStore {
    protected final DefinitionCatalog catalog = new DefinitionCatalog();

    /** Runs one change on the catalog, guarded, and keeps what it did. */
    protected abstract void apply(Function<DefinitionCatalog, DefinitionCatalog.Change> change);

    /** The catalog's snapshot, guarded. */
    protected abstract List<VirtualHostDefinitions> snapshot();

    @Override
    public void putVirtualHost(String vhost) {
        apply(c -> c.put(new VirtualHostRecord(vhost)));
    }

    @Override
    public void deleteVirtualHost(String vhost) {
        apply(c -> c.removeVirtualHost(vhost));
    }

    @Override
    public void putExchange(String vhost, ExchangeDefinition exchange) {
        apply(c -> c.put(new ExchangeRecord(vhost, exchange)));
    }

    @Override
    public void deleteExchange(String vhost, String exchange) {
        apply(c -> c.removeExchange(vhost, exchange));
    }

    @Override
    public void putQueue(String vhost, QueueDefinition queue) {
        apply(c -> c.put(new QueueRecord(vhost, queue)));
    }

    @Override
    public void deleteQueue(String vhost, String queue) {
        apply(c -> c.removeQueue(vhost, queue));
    }

    @Override
    public void putBinding(String vhost, Binding binding) {
        apply(c -> c.put(new BindingRecord(vhost, binding)));
    }

    @Override
    public void deleteBinding(String vhost, Binding binding) {
        apply(c -> c.removeBinding(vhost, binding));
    }

    @Override
    public List<VirtualHostDefinitions> load() {
        return snapshot();
    }
}
