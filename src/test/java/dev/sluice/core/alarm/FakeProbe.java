package dev.sluice.core.alarm;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A probe whose readings the test sets, so alarms are tested without filling a disk or the heap.
 *
 * <p>Threading: volatile fields; set from the test thread, read by the monitor.
 */
final class FakeProbe implements ResourceProbe {
    volatile long memory;
    volatile long freeDisk = Long.MAX_VALUE;
    volatile boolean diskUnreadable;
    volatile int diskReads;

    @Override
    public long messageMemoryBytes() {
        return memory;
    }

    @Override
    public long diskFreeBytes() {
        diskReads++;
        if (diskUnreadable) {
            throw new UncheckedIOException(new IOException("file system gone"));
        }
        return freeDisk;
    }

    @Override
    public String diskLocation() {
        return "/fake/data";
    }
}
