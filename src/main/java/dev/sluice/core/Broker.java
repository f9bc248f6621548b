package dev.sluice.core;

/**
 * The broker core: the registry of virtual hosts. Protocol adapters find a {@code VirtualHost}
 * here and call its operations; nothing in the core knows about sockets or wire formats.
 *
 * <p>Threading: thread-safe.
 */
public final class Broker implements AutoCloseable {
    private final BrokerSettings settings;

    public Broker(BrokerSettings settings) {
        this.settings = settings;
    }

    public BrokerSettings settings() {
        return settings;
    }

    @Override
    public void close() {
    }
}
