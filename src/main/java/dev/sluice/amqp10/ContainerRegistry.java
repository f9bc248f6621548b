package dev.sluice.amqp10;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The container ids of open connections that asked to be the only connection of their container
 * ({@code sole-connection-for-container}, what Qpid JMS asks for its client ID).
 *
 * <p>Threading: thread-safe.
 */
final class ContainerRegistry {
    private final Map<String, Object> claimed = new ConcurrentHashMap<>();

    /** Claims {@code containerId} for {@code holder}; false when another connection holds it. */
    boolean claim(String containerId, Object holder) {
        return claimed.putIfAbsent(containerId, holder) == null;
    }

    /** Gives a claim back (only the holder's own). */
    void release(String containerId, Object holder) {
        claimed.remove(containerId, holder);
    }
}
