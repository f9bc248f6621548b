package dev.sluice.core.alarm;

import java.time.Duration;
import java.util.Objects;

/**
 * When the resource alarms go on, and how often they are checked.
 *
 * @param memoryHighWatermarkBytes the memory alarm is on while message bodies hold more than this
 *     (see {@link SystemResourceProbe} for what is counted); default 40% of the JVM's maximum heap,
 *     like RabbitMQ's {@code vm_memory_high_watermark} of 0.4 (the JVM's default direct-memory
 *     limit, where Netty keeps the bodies, equals the maximum heap)
 * @param diskFreeLimitBytes the disk alarm is on while the data directory's file system has less
 *     free space than this; default 50 MB, RabbitMQ's {@code disk_free_limit}; 0 turns the check off
 *     (a failed store write still raises the disk alarm)
 * @param checkInterval how often both are measured; default one second
 *
 * <p>Threading: immutable.
 */
public record ResourceSettings(long memoryHighWatermarkBytes, long diskFreeLimitBytes, Duration checkInterval) {
    /** RabbitMQ's default {@code vm_memory_high_watermark.relative}. */
    public static final double DEFAULT_MEMORY_FRACTION = 0.4;
    /** RabbitMQ's default {@code disk_free_limit.absolute}: 50 MB. */
    public static final long DEFAULT_DISK_FREE_LIMIT_BYTES = 50_000_000L;
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(1);

    public ResourceSettings {
        Objects.requireNonNull(checkInterval, "checkInterval");
        if (memoryHighWatermarkBytes < 1) {
            throw new IllegalArgumentException("memoryHighWatermarkBytes must be positive, got "
                    + memoryHighWatermarkBytes);
        }
        if (diskFreeLimitBytes < 0) {
            throw new IllegalArgumentException("diskFreeLimitBytes must not be negative, got " + diskFreeLimitBytes);
        }
        if (checkInterval.isNegative() || checkInterval.isZero()) {
            throw new IllegalArgumentException("checkInterval must be positive, got " + checkInterval);
        }
    }

    /** 40% of the maximum heap, 50 MB of free disk, checked every second. */
    public static ResourceSettings defaults() {
        long watermark = (long) (Runtime.getRuntime().maxMemory() * DEFAULT_MEMORY_FRACTION);
        return new ResourceSettings(Math.max(1, watermark), DEFAULT_DISK_FREE_LIMIT_BYTES, DEFAULT_CHECK_INTERVAL);
    }

    public ResourceSettings withMemoryHighWatermarkBytes(long bytes) {
        return new ResourceSettings(bytes, diskFreeLimitBytes, checkInterval);
    }

    public ResourceSettings withDiskFreeLimitBytes(long bytes) {
        return new ResourceSettings(memoryHighWatermarkBytes, bytes, checkInterval);
    }

    public ResourceSettings withCheckInterval(Duration interval) {
        return new ResourceSettings(memoryHighWatermarkBytes, diskFreeLimitBytes, interval);
    }
}
