package dev.sluice.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How the broker stores messages and definitions.
 *
 * @param type memory or MapDB
 * @param commitInterval how long the storage writer gathers changes before it commits a group
 *        (zero: commit as soon as the previous commit is done)
 * @param maxGroupSize a group is committed at once when it holds this many changes
 * @param readCacheBytes the byte budget of the cache of message records the store reads back for
 *        more than one queue (MapDB; 0 turns it off)
 * @param ackWait how long a new persistent message that is out with a consumer may be put off from
 *        group to group, waiting for its ack, before it is written (MapDB; zero: written with the
 *        group that recorded it); see docs/storage.md
 *
 * <p>Threading: immutable.
 */
public record StoreSettings(StoreType type, Duration commitInterval, int maxGroupSize, long readCacheBytes,
                            Duration ackWait) {
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(1);
    public static final Duration DEFAULT_ACK_WAIT = Duration.ofMillis(10);
    public static final int DEFAULT_MAX_GROUP_SIZE = 10_000;

    public StoreSettings {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(commitInterval, "commitInterval");
        if (commitInterval.isNegative()) {
            throw new IllegalArgumentException("commitInterval must not be negative, got " + commitInterval);
        }
        if (maxGroupSize < 1) {
            throw new IllegalArgumentException("maxGroupSize must be at least 1, got " + maxGroupSize);
        }
        if (readCacheBytes < 0) {
            throw new IllegalArgumentException("readCacheBytes must not be negative, got " + readCacheBytes);
        }
        Objects.requireNonNull(ackWait, "ackWait");
        if (ackWait.isNegative()) {
            throw new IllegalArgumentException("ackWait must not be negative, got " + ackWait);
        }
    }

    /** Settings with the default ack wait. */
    public StoreSettings(StoreType type, Duration commitInterval, int maxGroupSize, long readCacheBytes) {
        this(type, commitInterval, maxGroupSize, readCacheBytes, DEFAULT_ACK_WAIT);
    }

    /** Settings with the default read cache. */
    public StoreSettings(StoreType type, Duration commitInterval, int maxGroupSize) {
        this(type, commitInterval, maxGroupSize, defaultReadCacheBytes());
    }

    /** The default read cache: a sixteenth of the maximum heap, at most 64 MiB. */
    public static long defaultReadCacheBytes() {
        return Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 16);
    }

    /** The in-memory stores. */
    public static StoreSettings memory() {
        return new StoreSettings(StoreType.MEMORY, DEFAULT_COMMIT_INTERVAL, DEFAULT_MAX_GROUP_SIZE);
    }

    /** MapDB with the default group commit: 1 ms after a group's first change, or at 10,000 changes. */
    public static StoreSettings mapDb() {
        return new StoreSettings(StoreType.MAPDB, DEFAULT_COMMIT_INTERVAL, DEFAULT_MAX_GROUP_SIZE);
    }

    public StoreSettings withCommitInterval(Duration interval) {
        return new StoreSettings(type, interval, maxGroupSize, readCacheBytes, ackWait);
    }

    public StoreSettings withMaxGroupSize(int size) {
        return new StoreSettings(type, commitInterval, size, readCacheBytes, ackWait);
    }

    public StoreSettings withReadCacheBytes(long bytes) {
        return new StoreSettings(type, commitInterval, maxGroupSize, bytes, ackWait);
    }

    public StoreSettings withAckWait(Duration wait) {
        return new StoreSettings(type, commitInterval, maxGroupSize, readCacheBytes, wait);
    }
}
