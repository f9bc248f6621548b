package dev.sluice.store;

import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.Destination;
import dev.sluice.core.routing.ExchangeDefinition;

/**
 * One kept definition and the virtual host it belongs to. {@link #identity()} names what a later
 * definition replaces: an exchange or queue by name, a virtual host or binding by itself.
 *
 * <p>Threading: immutable.
 */
public sealed interface StoredDefinition {
    String vhost();

    /** The key under which this definition replaces an earlier one. */
    Object identity();

    /** A virtual host. */
    record VirtualHostRecord(String vhost) implements StoredDefinition {
        @Override
        public Object identity() {
            return this;
        }
    }

    /** A durable exchange. */
    record ExchangeRecord(String vhost, ExchangeDefinition definition) implements StoredDefinition {
        @Override
        public Object identity() {
            return new Name(Destination.Kind.EXCHANGE, vhost, definition.name());
        }
    }

    /** A durable, non-exclusive queue. */
    record QueueRecord(String vhost, QueueDefinition definition) implements StoredDefinition {
        @Override
        public Object identity() {
            return new Name(Destination.Kind.QUEUE, vhost, definition.name());
        }
    }

    /** A binding between two kept ends. */
    record BindingRecord(String vhost, Binding binding) implements StoredDefinition {
        @Override
        public Object identity() {
            return this;
        }
    }

    /** The identity of a named exchange or queue. */
    record Name(Destination.Kind kind, String vhost, String name) {
    }
}
