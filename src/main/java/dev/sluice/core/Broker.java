package dev.sluice.core;

import dev.sluice.core.alarm.ResourceMonitor;
import dev.sluice.core.alarm.SystemResourceProbe;
import dev.sluice.core.queue.MemoryBudget;
import dev.sluice.core.queue.Queue;
import dev.sluice.core.queue.QueuePaging;
import dev.sluice.store.DefinitionStore;
import dev.sluice.store.MessageStore;
import dev.sluice.store.QueueKey;
import dev.sluice.store.StoreType;
import dev.sluice.store.Stores;
import dev.sluice.store.VirtualHostDefinitions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The broker core: the registry of virtual hosts, the stores, the housekeeping scheduler and the
 * {@link ResourceMonitor} whose memory and disk alarms the protocol endpoints obey.
 * Protocol adapters find a {@link VirtualHost} here and call its operations; nothing in the core
 * knows about sockets or wire formats. The default virtual host {@code /} always exists.
 *
 * <p>Starting recovers what the stores kept: virtual hosts, durable exchanges and queues and
 * their bindings, then every durable queue's messages (each queue takes the summary of its stored
 * entries and reads its first batch; the rest stays on disk until the queue needs it); only when
 * all queues are back do due TTLs expire (so dead letters never reach a queue that is not restored
 * yet); then each virtual host's persistent delayed messages come back ({@link
 * dev.sluice.core.delay.DelayedMessages#recover}: those due meanwhile are published at once). Message
 * ids continue above the highest stored one. The resource monitor starts checking
 * once recovery is done; the disk store reports failed writes to it.
 *
 * <p>Memory: all queues share one {@link MemoryBudget} ({@link BrokerSettings#paging()}); with the
 * MapDB store, queues keep new messages on disk only while it is exceeded (transient ones as
 * ephemeral entries, discarded when the store opens).
 *
 * <p>Threading: thread-safe.
 */
public final class Broker implements AutoCloseable {
    public static final String DEFAULT_VHOST = "/";

    private final BrokerSettings settings;
    private final ExecutorScheduler scheduler;
    private final ResourceMonitor resources;
    private final Stores stores;
    private final AtomicLong messageIds;
    private final QueuePaging paging;
    private final Map<String, VirtualHost> vhosts = new ConcurrentHashMap<>();
    private final ClientConnections connections = new ClientConnections();

    /**
     * Opens the stores the settings choose and recovers what they kept.
     *
     * @throws dev.sluice.store.StoreException when a disk store cannot be opened or read
     */
    public Broker(BrokerSettings settings) {
        this.settings = settings;
        this.scheduler = new ExecutorScheduler(settings.housekeepingThreads());
        this.resources = new ResourceMonitor(settings.resources(), new SystemResourceProbe(settings.dataDir()),
                scheduler);
        Stores opened;
        try {
            opened = Stores.open(settings.dataDir(), settings.store(), resources);
        } catch (RuntimeException e) {
            scheduler.close();
            throw e;
        }
        this.stores = opened;
        long budget = settings.store().type() == StoreType.MAPDB ? settings.paging().memoryBudget() : Long.MAX_VALUE;
        this.paging = new QueuePaging(settings.paging(), new MemoryBudget(budget));
        this.messageIds = new AtomicLong(stores.messages().highestMessageId());
        try {
            recover();
            declareVirtualHost(DEFAULT_VHOST);
            resources.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private VirtualHost newVirtualHost(String name) {
        return new VirtualHost(name, scheduler, stores.messages(), stores.definitions(), messageIds::incrementAndGet,
                paging, settings.filters());
    }

    private void recover() {
        MessageStore store = stores.messages();
        List<Queue> restored = new ArrayList<>();
        List<CompletableFuture<Void>> firstReads = new ArrayList<>();
        Set<QueueKey> kept = new HashSet<>();
        for (VirtualHostDefinitions saved : stores.definitions().load()) {
            VirtualHost v = vhosts.computeIfAbsent(saved.name(), this::newVirtualHost);
            for (Queue q : v.restoreDefinitions(saved)) {
                QueueKey key = new QueueKey(v.name(), q.name());
                firstReads.add(q.restore(store.stored(key)));
                kept.add(key);
                restored.add(q);
            }
            kept.add(v.delayed().storeKey());
        }
        CompletableFuture.allOf(firstReads.toArray(CompletableFuture[]::new)).join();
        for (QueueKey orphan : store.queues()) {
            if (!kept.contains(orphan)) {
                store.deleteQueue(orphan);
            }
        }
        for (Queue q : restored) {
            q.expireDue();
        }
        for (VirtualHost v : vhosts.values()) {
            v.delayed().recover();
        }
    }

    public BrokerSettings settings() {
        return settings;
    }

    /** Declares a virtual host (idempotent) and returns it; the definition store keeps it. */
    public VirtualHost declareVirtualHost(String name) {
        return vhosts.computeIfAbsent(name, n -> {
            stores.definitions().putVirtualHost(n);
            return newVirtualHost(n);
        });
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
            v.delayed().discard();
            stores.definitions().deleteVirtualHost(name);
        }
    }

    /** The open client connections of every protocol. */
    public ClientConnections connections() {
        return connections;
    }

    /** The memory and disk alarms; endpoints listen to them to block publishers. */
    public ResourceMonitor resourceMonitor() {
        return resources;
    }

    public MessageStore store() {
        return stores.messages();
    }

    /** The memory budget all queues share. */
    public MemoryBudget memoryBudget() {
        return paging.budget();
    }

    public DefinitionStore definitionStore() {
        return stores.definitions();
    }

    /** Releases the queues' memory, stops the timers, then writes what is pending and closes the stores. */
    @Override
    public void close() {
        for (VirtualHost v : vhosts.values()) {
            v.delayed().close();
            for (var q : v.queues()) {
                q.close();
            }
        }
        resources.close();
        scheduler.close();
        stores.close();
    }
}
