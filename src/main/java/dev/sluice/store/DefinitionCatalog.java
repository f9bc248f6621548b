package dev.sluice.store;

import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.Destination;
import dev.sluice.core.routing.ExchangeDefinition;
import dev.sluice.store.StoredDefinition.BindingRecord;
import dev.sluice.store.StoredDefinition.ExchangeRecord;
import dev.sluice.store.StoredDefinition.QueueRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The definitions a {@link DefinitionStore} keeps, in the order they were made, each under a
 * record id that a disk store uses as its key. Applies the cascades of {@link DefinitionStore}
 * and says, for each change, which records were added and which removed. Removals scan every
 * record: definitions are few and change rarely.
 *
 * <p>Threading: not thread-safe; its store guards it.
 */
public final class DefinitionCatalog {
    private final LinkedHashMap<Object, Item> items = new LinkedHashMap<>();
    private long nextId = 1;

    /** A kept definition and its record id. */
    public record Item(long id, StoredDefinition definition) {
    }

    /** What one change did: the records added and the record ids removed. */
    public record Change(List<Item> added, List<Long> removed) {
        static final Change NONE = new Change(List.of(), List.of());
    }

    /** Adds a definition, replacing the one of the same identity; an equal one changes nothing. */
    public Change put(StoredDefinition definition) {
        Item old = items.get(definition.identity());
        if (old != null && old.definition().equals(definition)) {
            return Change.NONE;
        }
        List<Long> removed = List.of();
        if (old != null) {
            items.remove(definition.identity());
            removed = List.of(old.id());
        }
        Item added = new Item(nextId++, definition);
        items.put(definition.identity(), added);
        return new Change(List.of(added), removed);
    }

    /**
     * Puts back a record read from disk without counting it as a change. Records come back in id
     * order, so of two with one identity (which a store never writes) the later one wins.
     */
    public void restore(long id, StoredDefinition definition) {
        items.put(definition.identity(), new Item(id, definition));
        nextId = Math.max(nextId, id + 1);
    }

    public Change removeVirtualHost(String vhost) {
        return removeWhere(d -> d.vhost().equals(vhost));
    }

    /** Removes an exchange and every binding from or to it. */
    public Change removeExchange(String vhost, String exchange) {
        Destination asDestination = Destination.exchange(exchange);
        return removeWhere(d -> d.vhost().equals(vhost)
                && (d instanceof ExchangeRecord e && e.definition().name().equals(exchange)
                    || d instanceof BindingRecord b && (b.binding().source().equals(exchange)
                        || b.binding().destination().equals(asDestination))));
    }

    /** Removes a queue and every binding to it. */
    public Change removeQueue(String vhost, String queue) {
        Destination asDestination = Destination.queue(queue);
        return removeWhere(d -> d.vhost().equals(vhost)
                && (d instanceof QueueRecord q && q.definition().name().equals(queue)
                    || d instanceof BindingRecord b && b.binding().destination().equals(asDestination)));
    }

    public Change removeBinding(String vhost, Binding binding) {
        Item old = items.remove(new BindingRecord(vhost, binding));
        return old == null ? Change.NONE : new Change(List.of(), List.of(old.id()));
    }

    private Change removeWhere(Predicate<StoredDefinition> condition) {
        List<Long> removed = new ArrayList<>();
        for (Iterator<Item> it = items.values().iterator(); it.hasNext(); ) {
            Item item = it.next();
            if (condition.test(item.definition())) {
                removed.add(item.id());
                it.remove();
            }
        }
        return removed.isEmpty() ? Change.NONE : new Change(List.of(), removed);
    }

    /** Every record, oldest first. */
    public List<Item> items() {
        List<Item> all = new ArrayList<>(items.values());
        all.sort((a, b) -> Long.compare(a.id(), b.id()));
        return all;
    }

    /** The kept definitions grouped by virtual host, in the order the virtual hosts were made. */
    public List<VirtualHostDefinitions> snapshot() {
        Map<String, Collected> byVhost = new LinkedHashMap<>();
        for (Item item : items()) {
            Collected c = byVhost.computeIfAbsent(item.definition().vhost(), v -> new Collected());
            StoredDefinition d = item.definition();
            if (d instanceof ExchangeRecord e) {
                c.exchanges.add(e.definition());
            } else if (d instanceof QueueRecord q) {
                c.queues.add(q.definition());
            } else if (d instanceof BindingRecord b) {
                c.bindings.add(b.binding());
            }
        }
        List<VirtualHostDefinitions> result = new ArrayList<>(byVhost.size());
        byVhost.forEach((name, c) -> result.add(new VirtualHostDefinitions(name, c.exchanges, c.queues, c.bindings)));
        return result;
    }

    /** One virtual host's definitions while a snapshot is collected. */
    private static final class Collected {
        final List<ExchangeDefinition> exchanges = new ArrayList<>();
        final List<QueueDefinition> queues = new ArrayList<>();
        final List<Binding> bindings = new ArrayList<>();
    }
}
