package dev.sluice.management;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.core.queue.QueueStats;
import org.junit.jupiter.api.Test;

/** Rates over a sliding window from sampled totals. */
class QueueRatesTest {
    private final QueueRates rates = new QueueRates();

    private static QueueStats totals(long published, long delivered) {
        return new QueueStats(0, 0, 0, 0, published, delivered, 0, 0);
    }

    @Test
    void aRateIsTheGrowthSinceTheOldestSamplePerSecond() {
        rates.record("q", 0, totals(0, 0));
        rates.record("q", 1000, totals(10, 5));
        assertEquals(new QueueRates.Rates(20, 10), rates.rates("q", 2000, totals(40, 20)));
    }

    @Test
    void oldSamplesLeaveTheWindow() {
        rates.record("q", 0, totals(0, 0));
        for (long t = 1000; t <= 10_000; t += 1000) {
            rates.record("q", t, totals(t / 10, 0));
        }
        QueueRates.Rates r = rates.rates("q", 10_000, totals(1000, 0));
        assertEquals(100, r.publish(), 1.0);
    }

    @Test
    void anUnknownQueueHasNoRate() {
        assertEquals(QueueRates.Rates.ZERO, rates.rates("nope", 1000, totals(5, 5)));
        rates.record("q", 0, totals(0, 0));
        rates.retain(java.util.Set.of());
        assertEquals(QueueRates.Rates.ZERO, rates.rates("q", 1000, totals(5, 5)));
    }
}
