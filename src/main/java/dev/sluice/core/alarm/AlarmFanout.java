package dev.sluice.core.alarm;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A protocol endpoint's side of the resource alarms: passes every change of the broker's alarms
 * on to the listeners registered now (the endpoint's open connections, which register when they
 * start and unregister when they end). Each connection then decides on its own event loop what
 * the change means for it (AMQP 0-9-1 blocks publishing connections, AMQP 1.0 withholds link
 * credit).
 *
 * <p>Threading: thread-safe. {@link #alarmsChanged} runs on the monitor's thread; registered
 * listeners must only hand work to their event loops.
 */
public final class AlarmFanout implements AlarmListener {
    private static final System.Logger LOG = System.getLogger(AlarmFanout.class.getName());

    private final ResourceMonitor monitor;
    private final Set<AlarmListener> listeners = ConcurrentHashMap.newKeySet();

    private AlarmFanout(ResourceMonitor monitor) {
        this.monitor = monitor;
    }

    /** A fanout added to {@code monitor}'s listeners. */
    public static AlarmFanout listeningTo(ResourceMonitor monitor) {
        AlarmFanout fanout = new AlarmFanout(monitor);
        monitor.addListener(fanout);
        return fanout;
    }

    /** The alarms raised now. */
    public Set<Resource> activeAlarms() {
        return monitor.activeAlarms();
    }

    public void register(AlarmListener listener) {
        listeners.add(listener);
    }

    public void unregister(AlarmListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void alarmsChanged(Set<Resource> active) {
        for (AlarmListener listener : listeners) {
            try {
                listener.alarmsChanged(active);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "a connection's alarm listener failed", e);
            }
        }
    }
}
