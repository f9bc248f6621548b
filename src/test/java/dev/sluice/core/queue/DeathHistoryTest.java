package dev.sluice.core.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeathHistoryTest {
    private static DeathHistory.Death death(String queue, DeathReason reason) {
        return new DeathHistory.Death(queue, reason, "ex", List.of("rk"), null, new Date(1000));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> deaths(Map<String, Object> headers) {
        return (List<Map<String, Object>>) headers.get(DeathHistory.X_DEATH);
    }

    @Test
    void firstDeathAddsAnEntryAndTheFirstAndLastDeathHeaders() {
        Map<String, Object> h = DeathHistory.record(Map.of("app", "x"),
                new DeathHistory.Death("work", DeathReason.REJECTED, "orders", List.of("a", "b"), "500", new Date(7000)));
        Map<String, Object> entry = deaths(h).get(0);
        assertEquals(1L, entry.get("count"));
        assertEquals("rejected", entry.get("reason"));
        assertEquals("work", entry.get("queue"));
        assertEquals("orders", entry.get("exchange"));
        assertEquals(List.of("a", "b"), entry.get("routing-keys"));
        assertEquals(new Date(7000), entry.get("time"));
        assertEquals("500", entry.get("original-expiration"));
        assertEquals("rejected", h.get("x-first-death-reason"));
        assertEquals("work", h.get("x-first-death-queue"));
        assertEquals("orders", h.get("x-first-death-exchange"));
        assertEquals("x", h.get("app"));
    }

    @Test
    void repeatedDeathIncrementsItsEntryAndMovesItFirst() {
        Map<String, Object> h = DeathHistory.record(Map.of(), death("a", DeathReason.REJECTED));
        h = DeathHistory.record(h, death("b", DeathReason.EXPIRED));
        h = DeathHistory.record(h, death("a", DeathReason.REJECTED));
        List<Map<String, Object>> d = deaths(h);
        assertEquals(2, d.size());
        assertEquals("a", d.get(0).get("queue"));
        assertEquals(2L, d.get(0).get("count"));
        assertEquals("b", d.get(1).get("queue"));
        assertEquals("a", h.get("x-first-death-queue"));
        assertEquals("a", h.get("x-last-death-queue"));
        assertEquals("rejected", h.get("x-last-death-reason"));
    }

    @Test
    void sameQueueDifferentReasonIsADifferentEntry() {
        Map<String, Object> h = DeathHistory.record(Map.of(), death("a", DeathReason.REJECTED));
        h = DeathHistory.record(h, death("a", DeathReason.EXPIRED));
        assertEquals(2, deaths(h).size());
    }

    @Test
    void expiryBackIntoTheSameQueueIsACycle() {
        Map<String, Object> h = DeathHistory.record(Map.of(), death("q", DeathReason.EXPIRED));
        assertTrue(DeathHistory.isAutomaticCycle(h, "q"));
        assertFalse(DeathHistory.isAutomaticCycle(h, "other"));
    }

    @Test
    void aRejectionInTheCycleMakesItNoCycle() {
        Map<String, Object> h = DeathHistory.record(Map.of(), death("work", DeathReason.REJECTED));
        h = DeathHistory.record(h, death("retry", DeathReason.EXPIRED));
        assertFalse(DeathHistory.isAutomaticCycle(h, "work"), "retry-with-TTL pattern must keep working");
    }

    @Test
    void twoQueuesExpiringIntoEachOtherFormACycle() {
        Map<String, Object> h = DeathHistory.record(Map.of(), death("a", DeathReason.EXPIRED));
        h = DeathHistory.record(h, death("b", DeathReason.MAXLEN));
        assertTrue(DeathHistory.isAutomaticCycle(h, "a"));
    }
}
