package dev.sluice.management;

import dev.sluice.core.queue.QueueStats;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publish and deliver rates per queue over a sliding window: a sampler records each queue's
 * totals ({@link QueueStats#publishedTotal()}, {@link QueueStats#deliveredTotal()}) every second
 * or so; a rate is the growth since the oldest sample still in the window, per second.
 *
 * <p>Threading: thread-safe; one sampler thread records, request threads read.
 */
final class QueueRates {
    /** How far back rates look. */
    static final long WINDOW_MILLIS = 5_000;

    private final Map<String, Deque<Sample>> samples = new ConcurrentHashMap<>();

    /**
     * Totals at one moment.
     *
     * <p>Threading: immutable.
     */
    private record Sample(long atMillis, long published, long delivered) {
    }

    /**
     * Messages per second.
     *
     * <p>Threading: immutable.
     */
    record Rates(double publish, double deliver) {
        static final Rates ZERO = new Rates(0, 0);
    }

    static String key(String vhost, String queue) {
        return vhost + "\u0000" + queue;
    }

    /** Records totals; samples older than the window (but the newest such) are dropped. */
    void record(String key, long nowMillis, QueueStats stats) {
        Deque<Sample> d = samples.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (d) {
            d.addLast(new Sample(nowMillis, stats.publishedTotal(), stats.deliveredTotal()));
            while (d.size() > 2 && d.peekFirst() != null && nowMillis - secondOf(d).atMillis >= WINDOW_MILLIS) {
                d.removeFirst();
            }
        }
    }

    private static Sample secondOf(Deque<Sample> d) {
        var it = d.iterator();
        it.next();
        return it.next();
    }

    /** Forgets queues that are gone. */
    void retain(java.util.Set<String> keys) {
        samples.keySet().retainAll(keys);
    }

    /** The rates of a queue from its oldest sample to {@code current}. */
    Rates rates(String key, long nowMillis, QueueStats current) {
        Deque<Sample> d = samples.get(key);
        if (d == null) {
            return Rates.ZERO;
        }
        Sample oldest;
        synchronized (d) {
            oldest = d.peekFirst();
        }
        if (oldest == null || nowMillis <= oldest.atMillis) {
            return Rates.ZERO;
        }
        double seconds = (nowMillis - oldest.atMillis) / 1000.0;
        return new Rates(round((current.publishedTotal() - oldest.published) / seconds),
                round((current.deliveredTotal() - oldest.delivered) / seconds));
    }

    private static double round(double v) {
        return Math.round(Math.max(0, v) * 10) / 10.0;
    }
}
