package dev.sluice.core.alarm;

import dev.sluice.core.Scheduler;
import dev.sluice.store.StorageHealth;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Watches memory and disk and raises an alarm for each while it runs low, as RabbitMQ's memory
 * and disk alarms do: the memory alarm is on while message bodies hold more than the high
 * watermark; the disk alarm while the data directory's file system has less free space than the
 * limit, or while the store cannot write (a failed write raises it at once; the next successful
 * one lowers it). Both are measured every check interval on the broker's housekeeping scheduler.
 * Each alarm going on or off is logged in one line that names the resource, the value and the
 * limit, and every change of the set of raised alarms goes to the {@link AlarmListener}s (the
 * protocol endpoints, which block publishing connections while any alarm is on).
 *
 * <p>Threading: thread-safe. Checks run on the scheduler's thread, write failures arrive on the
 * storage writer's thread; state changes and listener calls happen under one lock, so listeners
 * see the changes one at a time and in order. {@link #activeAlarms()} never waits.
 */
public final class ResourceMonitor implements StorageHealth, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ResourceMonitor.class.getName());

    private final ResourceSettings settings;
    private final ResourceProbe probe;
    private final Scheduler scheduler;
    private final List<AlarmListener> listeners = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();

    // Guarded by lock.
    private long memoryBytes;
    private long freeDiskBytes = -1;
    private boolean memoryHigh;
    private boolean diskLow;
    private String writeFailure;
    private boolean diskUnreadable;
    private boolean started;
    private boolean closed;
    private Scheduler.Timer timer;

    private volatile Set<Resource> active = Collections.unmodifiableSet(EnumSet.noneOf(Resource.class));

    public ResourceMonitor(ResourceSettings settings, ResourceProbe probe, Scheduler scheduler) {
        this.settings = settings;
        this.probe = probe;
        this.scheduler = scheduler;
    }

    public ResourceSettings settings() {
        return settings;
    }

    /** The alarms raised now (empty when all is well); an unmodifiable snapshot. */
    public Set<Resource> activeAlarms() {
        return active;
    }

    public void addListener(AlarmListener listener) {
        listeners.add(listener);
    }

    public void removeListener(AlarmListener listener) {
        listeners.remove(listener);
    }

    /** Checks now, then once every check interval until {@link #close()}. Idempotent. */
    public void start() {
        lock.lock();
        try {
            if (started || closed) {
                return;
            }
            started = true;
        } finally {
            lock.unlock();
        }
        checkAndReschedule();
    }

    private void checkAndReschedule() {
        try {
            check();
        } finally {
            lock.lock();
            try {
                if (!closed) {
                    timer = scheduler.schedule(this::checkAndReschedule, settings.checkInterval().toMillis());
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Measures memory and disk once, raising or clearing their alarms. */
    public void check() {
        long memory = probe.messageMemoryBytes();
        DiskReading disk = readDisk();
        update(() -> {
            memoryBytes = memory;
            memoryHigh = memory > settings.memoryHighWatermarkBytes();
            if (disk != null) {
                takeDiskReading(disk);
            }
        });
    }

    /** The free space, or why it could not be read. */
    private record DiskReading(long freeBytes, String error) {
    }

    /** Null when the disk check is off. */
    private DiskReading readDisk() {
        if (settings.diskFreeLimitBytes() == 0) {
            return null;
        }
        try {
            return new DiskReading(probe.diskFreeBytes(), null);
        } catch (RuntimeException e) {
            return new DiskReading(-1, e.toString());
        }
    }

    /** Lock held. An unreadable disk keeps the alarm as it was and is logged once per outage. */
    private void takeDiskReading(DiskReading disk) {
        if (disk.error() != null) {
            if (!diskUnreadable) {
                LOG.log(Level.WARNING, "cannot read the free disk space for {0}; the disk alarm keeps its state: {1}",
                        probe.diskLocation(), disk.error());
            }
            diskUnreadable = true;
            return;
        }
        diskUnreadable = false;
        freeDiskBytes = disk.freeBytes();
        diskLow = disk.freeBytes() < settings.diskFreeLimitBytes();
    }

    /** The store could not write: the disk alarm goes on until a write succeeds. */
    @Override
    public void writeFailed(RuntimeException cause) {
        update(() -> writeFailure = String.valueOf(cause));
    }

    @Override
    public void writeRecovered() {
        update(() -> writeFailure = null);
    }

    /** Stops checking; alarms stay as they are and listeners are no longer called. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Applies {@code change} to the state under the lock, then logs and reports what it changed. */
    private void update(Runnable change) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            Set<Resource> before = raised();
            change.run();
            changed(before);
        } finally {
            lock.unlock();
        }
    }

    private Set<Resource> raised() {
        EnumSet<Resource> set = EnumSet.noneOf(Resource.class);
        if (memoryHigh) {
            set.add(Resource.MEMORY);
        }
        if (diskLow || writeFailure != null) {
            set.add(Resource.DISK);
        }
        return set;
    }

    /** Logs each alarm that went on or off since {@code before} and tells the listeners. Lock held. */
    private void changed(Set<Resource> before) {
        Set<Resource> now = raised();
        if (now.equals(before)) {
            return;
        }
        for (Resource r : Resource.values()) {
            if (now.contains(r) && !before.contains(r)) {
                LOG.log(Level.WARNING, "{0} alarm on: {1}; publishing connections are blocked", r.label(), why(r));
            } else if (!now.contains(r) && before.contains(r)) {
                LOG.log(Level.INFO, "{0} alarm cleared: {1}; publishing resumes", r.label(), why(r));
            }
        }
        active = Collections.unmodifiableSet(now);
        for (AlarmListener listener : listeners) {
            try {
                listener.alarmsChanged(active);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "an alarm listener failed", e);
            }
        }
    }

    /** The state of one resource against its limit, for the log. Lock held. */
    private String why(Resource r) {
        return switch (r) {
            case MEMORY -> "message bodies hold " + memoryBytes + " bytes, high watermark "
                    + settings.memoryHighWatermarkBytes() + " bytes";
            case DISK -> writeFailure != null
                    ? "the store cannot write (" + writeFailure + ")"
                    : (freeDiskBytes < 0 ? "free space not measured" : freeDiskBytes + " bytes free")
                            + " for " + probe.diskLocation() + ", limit " + settings.diskFreeLimitBytes() + " bytes";
        };
    }
}
