package dev.sluice.core.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
    private static final int BODY = 744; // costs 1,000 with the overhead

    @Test
    void exceededAboveTheLimitUntilUseFallsBelowNinetyPercent() {
        MemoryBudget budget = new MemoryBudget(10_000);
        assertEquals(1000, MemoryBudget.cost(BODY));
        for (int i = 0; i < 10; i++) {
            budget.take(BODY);
        }
        assertFalse(budget.exceeded(), "exactly at the limit is not beyond it");
        budget.take(BODY);
        assertTrue(budget.exceeded());
        budget.giveBack(BODY);
        budget.giveBack(BODY);
        assertTrue(budget.exceeded(), "9,000 is not below 90%");
        budget.giveBack(BODY);
        assertFalse(budget.exceeded());
        assertEquals(8000, budget.used());
    }

    @Test
    void anUntrackedBudgetCountsNothing() {
        MemoryBudget budget = MemoryBudget.untracked();
        budget.take(1 << 30);
        assertEquals(0, budget.used());
        assertFalse(budget.exceeded());
    }
}
