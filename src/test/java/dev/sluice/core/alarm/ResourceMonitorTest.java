package dev.sluice.core.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.ManualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory and disk alarms on a fake probe and a manual clock: when they go on and off, what the
 * listeners hear, and the one log line per change.
 */
class ResourceMonitorTest {
    private static final long WATERMARK = 1_000;
    private static final long DISK_LIMIT = 500;
    private static final long INTERVAL = 1_000;
    private static final ResourceSettings SETTINGS =
            new ResourceSettings(WATERMARK, DISK_LIMIT, Duration.ofMillis(INTERVAL));

    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeProbe probe = new FakeProbe();
    private final List<Set<Resource>> heard = new ArrayList<>();
    private final List<String> logLines = new ArrayList<>();
    private final Logger julLogger = Logger.getLogger(ResourceMonitor.class.getName());
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            synchronized (logLines) {
                logLines.add(record.getLevel() + " " + formatter.formatMessage(record));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private ResourceMonitor monitor;

    @BeforeEach
    void setUp() {
        julLogger.addHandler(capture);
        monitor = new ResourceMonitor(SETTINGS, probe, scheduler);
        monitor.addListener(heard::add);
    }

    @AfterEach
    void tearDown() {
        monitor.close();
        julLogger.removeHandler(capture);
    }

    @Test
    void memoryAlarmGoesOnAboveTheWatermarkAndOffAtOrBelowIt() {
        probe.memory = WATERMARK - 1;
        monitor.start();
        assertEquals(Set.of(), monitor.activeAlarms());

        probe.memory = WATERMARK + 1;
        scheduler.advance(INTERVAL);
        assertEquals(EnumSet.of(Resource.MEMORY), monitor.activeAlarms());
        scheduler.advance(INTERVAL);
        scheduler.advance(INTERVAL);

        probe.memory = WATERMARK;
        scheduler.advance(INTERVAL);
        assertEquals(Set.of(), monitor.activeAlarms());
        assertEquals(List.of(EnumSet.of(Resource.MEMORY), Set.of()), heard, "one call per change");
        assertEquals(List.of(
                "WARNING memory alarm on: message bodies hold 1001 bytes, high watermark 1000 bytes; "
                        + "publishing connections are blocked",
                "INFO memory alarm cleared: message bodies hold 1000 bytes, high watermark 1000 bytes; "
                        + "publishing resumes"), logLines);
    }

    @Test
    void nothingIsCheckedBeforeStartAndEveryIntervalAfter() {
        probe.memory = WATERMARK + 1;
        scheduler.advance(10 * INTERVAL);
        assertEquals(Set.of(), monitor.activeAlarms());
        monitor.start();
        assertEquals(EnumSet.of(Resource.MEMORY), monitor.activeAlarms(), "the first check runs at start");
        int reads = probe.diskReads;
        scheduler.advance(INTERVAL - 1);
        assertEquals(reads, probe.diskReads);
        scheduler.advance(1);
        assertEquals(reads + 1, probe.diskReads);
    }

    @Test
    void diskAlarmGoesOnBelowTheFreeSpaceLimit() {
        probe.freeDisk = DISK_LIMIT;
        monitor.start();
        assertEquals(Set.of(), monitor.activeAlarms());

        probe.freeDisk = DISK_LIMIT - 1;
        scheduler.advance(INTERVAL);
        assertEquals(EnumSet.of(Resource.DISK), monitor.activeAlarms());
        assertTrue(logLines.get(0).startsWith("WARNING disk alarm on: 499 bytes free for /fake/data, limit 500 bytes"),
                logLines.toString());

        probe.freeDisk = 10_000;
        scheduler.advance(INTERVAL);
        assertEquals(Set.of(), monitor.activeAlarms());
        assertTrue(logLines.get(1).startsWith("INFO disk alarm cleared: 10000 bytes free"), logLines.toString());
    }

    @Test
    void aZeroDiskLimitNeverAsksTheDisk() {
        monitor.close();
        monitor = new ResourceMonitor(SETTINGS.withDiskFreeLimitBytes(0), probe, scheduler);
        probe.freeDisk = 0;
        monitor.start();
        scheduler.advance(3 * INTERVAL);
        assertEquals(0, probe.diskReads);
        assertEquals(Set.of(), monitor.activeAlarms());
    }

    @Test
    void bothAlarmsAreReportedTogetherAndClearOneByOne() {
        monitor.start();
        probe.memory = WATERMARK * 2;
        probe.freeDisk = 1;
        scheduler.advance(INTERVAL);
        assertEquals(EnumSet.allOf(Resource.class), monitor.activeAlarms());

        probe.memory = 0;
        scheduler.advance(INTERVAL);
        assertEquals(EnumSet.of(Resource.DISK), monitor.activeAlarms());
        probe.freeDisk = DISK_LIMIT;
        scheduler.advance(INTERVAL);
        assertEquals(List.of(EnumSet.allOf(Resource.class), EnumSet.of(Resource.DISK), Set.of()), heard);
    }

    @Test
    void aFailedStoreWriteRaisesTheDiskAlarmUntilAWriteSucceeds() {
        monitor.start();
        monitor.writeFailed(new IllegalStateException("No space left on device"));
        monitor.writeFailed(new IllegalStateException("No space left on device"));
        assertEquals(EnumSet.of(Resource.DISK), monitor.activeAlarms());
        scheduler.advance(INTERVAL);
        assertEquals(EnumSet.of(Resource.DISK), monitor.activeAlarms(), "plenty of space does not clear it");

        monitor.writeRecovered();
        assertEquals(Set.of(), monitor.activeAlarms());
        assertEquals(List.of(EnumSet.of(Resource.DISK), Set.of()), heard);
        assertEquals("WARNING disk alarm on: the store cannot write (java.lang.IllegalStateException: "
                + "No space left on device); publishing connections are blocked", logLines.get(0));
    }

    @Test
    void aRecoveredWriteDoesNotClearALowDisk() {
        probe.freeDisk = 1;
        monitor.start();
        monitor.writeFailed(new IllegalStateException("full"));
        monitor.writeRecovered();
        assertEquals(EnumSet.of(Resource.DISK), monitor.activeAlarms());
        assertEquals(List.of(EnumSet.of(Resource.DISK)), heard);
    }

    @Test
    void anUnreadableDiskKeepsTheAlarmAsItWasAndIsLoggedOnce() {
        probe.freeDisk = 1;
        monitor.start();
        probe.diskUnreadable = true;
        scheduler.advance(INTERVAL);
        scheduler.advance(INTERVAL);
        assertEquals(EnumSet.of(Resource.DISK), monitor.activeAlarms());
        assertEquals(1, logLines.stream().filter(l -> l.contains("cannot read the free disk space")).count());

        probe.diskUnreadable = false;
        probe.freeDisk = DISK_LIMIT;
        scheduler.advance(INTERVAL);
        assertEquals(Set.of(), monitor.activeAlarms(), "checks went on");
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        List<Set<Resource>> second = new ArrayList<>();
        monitor.addListener(active -> {
            throw new IllegalStateException("listener bug");
        });
        monitor.addListener(second::add);
        probe.memory = WATERMARK + 1;
        monitor.start();
        assertEquals(List.of(EnumSet.of(Resource.MEMORY)), second);
    }

    @Test
    void closeStopsTheChecksAndTheCalls() {
        monitor.start();
        monitor.close();
        assertEquals(0, scheduler.pending());
        probe.memory = WATERMARK + 1;
        monitor.check();
        monitor.writeFailed(new IllegalStateException("late"));
        assertEquals(Set.of(), monitor.activeAlarms());
        assertEquals(List.of(), heard);
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new ResourceSettings(0, 0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new ResourceSettings(1, -1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new ResourceSettings(1, 0, Duration.ZERO));
        ResourceSettings defaults = ResourceSettings.defaults();
        assertEquals((long) (Runtime.getRuntime().maxMemory() * 0.4), defaults.memoryHighWatermarkBytes());
        assertEquals(50_000_000L, defaults.diskFreeLimitBytes());
        assertEquals(Duration.ofSeconds(1), defaults.checkInterval());
    }

    @Test
    void theSystemProbeReadsTheDataDirectorysFileSystemEvenBeforeItExists(@TempDir Path dir) {
        SystemResourceProbe system = new SystemResourceProbe(dir.resolve("not/yet"));
        assertTrue(system.diskFreeBytes() > 0);
        assertTrue(system.messageMemoryBytes() >= 0);
    }
}
