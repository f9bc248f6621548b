package dev.sluice.core;

import dev.sluice.store.MessageStore;
import dev.sluice.store.memory.MemoryMessageStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The broker core: the registry of virtual hosts, the store and the housekeeping scheduler.
 * Protocol adapters find a {@link VirtualHost} here and call its operations; nothing in the core
 * knows about sockets or wire formats. The default virtual host {@code /} always exists.
 *
 * <p>Threading: thread-safe.
 */
public final class Broker implements AutoCloseable {
    public static final String DEFAULT_VHOST = "/";

    private final BrokerSettings settings;
    private final ExecutorScheduler scheduler;
    private final MessageStore store;
    private final AtomicLong messageIds = new AtomicLong();
    private final Map<String, VirtualHost> vhosts = new ConcurrentHashMap<>();

    public Broker(BrokerSettings settings) {
        this.settings = settings;
        this.scheduler = new ExecutorScheduler(settings.housekeepingThreads());
        this.store = new MemoryMessageStore();
        declareVirtualHost(DEFAULT_VHOST);
    }

    public BrokerSettings settings() {
        return settings;
    }

    /** Declares a virtual host (idempotent) and returns it. */
    public VirtualHost declareVirtualHost(String name) {
        return vhosts.computeIfAbsent(name,
                n -> new VirtualHost(n, scheduler, store, messageIds::incrementAndGet));
    }

    /** The virtual host, or 404 (0-9-1 connection.open answers 530 NOT_ALLOWED for it). */
    public VirtualHost virtualHost(String name) {
        VirtualHost v = vhosts.get(name);
        if (v == null) {
            throw new BrokerException(ErrorKind.NOT_FOUND, "no vhost '" + name + "'");
        }
        return v;
    }

    /** The default virtual host {@code /}. */
    public VirtualHost defaultVirtualHost() {
        return virtualHost(DEFAULT_VHOST);
    }

    public List<VirtualHost> virtualHosts() {
        return List.copyOf(vhosts.values());
    }

    /** Deletes a virtual host with everything in it; the default one cannot be deleted. */
    public void deleteVirtualHost(String name) {
        if (DEFAULT_VHOST.equals(name)) {
            throw BrokerException.precondition("the default vhost '/' cannot be deleted");
        }
        VirtualHost v = vhosts.remove(name);
        if (v != null) {
            for (var q : v.queues()) {
                v.deleteQueue(q.name(), q.exclusiveOwner(), false, false);
            }
        }
    }

    public MessageStore store() {
        return store;
    }

    @Override
    public void close() {
        for (VirtualHost v : vhosts.values()) {
            for (var q : v.queues()) {
                q.close();
            }
        }
        scheduler.close();
        store.close();
    }
}
