package dev.sluice.store;

import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.ExchangeDefinition;
import java.util.List;

/**
 * Where the definitions that survive a restart are kept: virtual hosts, durable exchanges, durable
 * queues that are not exclusive, and bindings whose source and destination are both kept. The
 * virtual host decides what is durable and records each successful change here; the store only
 * keeps what it is told, and removes dependants itself: deleting an exchange removes the bindings
 * from and to it, deleting a queue the bindings to it, deleting a virtual host everything in it.
 * Putting a definition equal to the one kept changes nothing.
 *
 * <p>Threading: thread-safe; no method blocks on disk (a disk store writes in groups, in order
 * with the message store's changes).
 */
public interface DefinitionStore extends AutoCloseable {
    void putVirtualHost(String vhost);

    void deleteVirtualHost(String vhost);

    void putExchange(String vhost, ExchangeDefinition exchange);

    void deleteExchange(String vhost, String exchange);

    void putQueue(String vhost, QueueDefinition queue);

    void deleteQueue(String vhost, String queue);

    void putBinding(String vhost, Binding binding);

    void deleteBinding(String vhost, Binding binding);

    /** Everything kept, one element per virtual host, in the order the virtual hosts were made. */
    List<VirtualHostDefinitions> load();

    /** Writes what is still pending and releases the store's resources; idempotent. */
    @Override
    void close();
}
