package dev.sluice.core.routing;

import java.util.List;

/**
 * The part every binding-holding exchange type shares: a {@link BindingTable} for equality,
 * listing and removal by destination, and the two hooks through which a type keeps its own route
 * index in step with it.
 *
 * <p>Threading: as {@link Exchange}. The hooks run under the caller's serialization; each type's
 * index must publish its changes safely to concurrent {@link #route} calls.
 */
abstract class IndexedExchange extends Exchange {
    private final BindingTable table = new BindingTable();

    protected IndexedExchange(ExchangeDefinition definition) {
        super(definition);
    }

    @Override
    public final boolean bind(Binding binding) {
        requireOwnSource(binding);
        if (table.contains(binding)) {
            return false;
        }
        addToIndex(binding); // may refuse the binding by throwing, before anything has changed
        table.add(binding);
        return true;
    }

    @Override
    public final boolean unbind(Binding binding) {
        if (!table.remove(binding)) {
            return false;
        }
        removeFromIndex(binding);
        return true;
    }

    @Override
    public final List<Binding> unbindAll(Destination destination) {
        List<Binding> removed = table.bindingsTo(destination);
        for (Binding binding : removed) {
            table.remove(binding);
            removeFromIndex(binding);
        }
        return removed;
    }

    @Override
    public final List<Binding> bindings() {
        return table.snapshot();
    }

    @Override
    public final int bindingCount() {
        return table.size();
    }

    /**
     * Adds a binding that is not yet bound to the route index. Throws (a
     * {@link dev.sluice.core.BrokerException}) to refuse it, before changing anything.
     */
    protected abstract void addToIndex(Binding binding);

    /** Removes a binding that was bound from the route index. */
    protected abstract void removeFromIndex(Binding binding);

    private void requireOwnSource(Binding binding) {
        if (!binding.source().equals(name())) {
            throw new IllegalArgumentException(
                    "binding from exchange '" + binding.source() + "' given to exchange '" + name() + "'");
        }
    }
}
