package dev.sluice.core;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client connections that are open, whatever their protocol, so the management API can list
 * connections, channels and consumers. Protocol adapters register a connection once it is open
 * (logged in, virtual host chosen) and unregister it when it closes.
 *
 * <p>Threading: thread-safe.
 */
public final class ClientConnections {
    private final Set<Client> open = ConcurrentHashMap.newKeySet();

    /**
     * One open connection as the adapter sees it.
     *
     * <p>Threading: {@link #describe()} may be called from any thread but an event loop; the
     * adapter hops to its own thread and waits a short while for the answer.
     */
    public interface Client {
        /** What the connection looks like now; null when it closed meanwhile. */
        ConnectionInfo describe();
    }

    public void register(Client client) {
        open.add(client);
    }

    public void unregister(Client client) {
        open.remove(client);
    }

    /** The open connections. */
    public List<Client> clients() {
        return List.copyOf(open);
    }

    /** How many connections are open. */
    public int count() {
        return open.size();
    }
}
