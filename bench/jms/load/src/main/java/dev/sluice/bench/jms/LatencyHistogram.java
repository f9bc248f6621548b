package dev.sluice.bench.jms;

/**
 * Counts latencies in microseconds in logarithmic buckets: exact up to 63 µs, then 32 buckets per
 * power of two, so a reported value is at most about 3% above the true one. Fixed size (about 15 KB),
 * so recording allocates nothing.
 *
 * <p>Not thread-safe: one thread records; another may read only after that thread has ended
 * ({@link Thread#join()} orders the two).
 */
final class LatencyHistogram {
    private static final int LINEAR = 64;
    private static final int SUB_BUCKETS = 32;
    private static final int BUCKETS = LINEAR + (63 - 6) * SUB_BUCKETS;

    private final long[] counts = new long[BUCKETS];
    private long count;
    private long max;

    void record(long micros) {
        long value = Math.max(0, micros);
        counts[index(value)]++;
        count++;
        if (value > max) {
            max = value;
        }
    }

    long count() {
        return count;
    }

    long max() {
        return max;
    }

    /** The value at or below which a fraction {@code p} (0 to 1) of the recorded values lie; 0 when empty. */
    long percentile(double p) {
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(p * count));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(highestIn(i), max);
            }
        }
        return max;
    }

    static int index(long value) {
        if (value < LINEAR) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        int top = (int) (value >>> (exponent - 5));
        return LINEAR + (exponent - 6) * SUB_BUCKETS + (top - SUB_BUCKETS);
    }

    static long highestIn(int index) {
        if (index < LINEAR) {
            return index;
        }
        int exponent = 6 + (index - LINEAR) / SUB_BUCKETS;
        long top = SUB_BUCKETS + (index - LINEAR) % SUB_BUCKETS;
        long width = 1L << (exponent - 5);
        return top * width + width - 1;
    }
}
