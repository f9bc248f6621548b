package dev.sluice.amqp091;

import dev.sluice.core.alarm.AlarmListener;
import dev.sluice.core.alarm.Resource;
import dev.sluice.core.alarm.ResourceMonitor;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The endpoint's side of the resource alarms: knows the open connections and passes every change
 * of the broker's alarms on to each of them (each one decides on its own loop whether it is
 * blocked, see {@link ConnectionBlocking}).
 *
 * <p>Threading: thread-safe. {@link #alarmsChanged} runs on the monitor's thread and only hands
 * tasks to the connections' event loops.
 */
final class PublisherBlocking implements AlarmListener {
    private final ResourceMonitor monitor;
    private final Set<Amqp091Connection> connections = ConcurrentHashMap.newKeySet();

    PublisherBlocking(ResourceMonitor monitor) {
        this.monitor = monitor;
    }

    /** The alarms raised now. */
    Set<Resource> activeAlarms() {
        return monitor.activeAlarms();
    }

    void register(Amqp091Connection connection) {
        connections.add(connection);
    }

    void unregister(Amqp091Connection connection) {
        connections.remove(connection);
    }

    @Override
    public void alarmsChanged(Set<Resource> active) {
        for (Amqp091Connection connection : connections) {
            connection.alarmsChanged(active);
        }
    }
}
