package dev.sluice.store.mapdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PageTableTest {
    private final PageTable table = new PageTable();

    @Test
    void pagesAreFoundByIndexAcrossGrowthAndListedInOrder() {
        byte[] a = new byte[1];
        byte[] b = new byte[1];
        byte[] c = new byte[1];
        table.put(5, a);
        table.put(100_000, b); // far beyond the first slots: the table grows
        table.put(70, c);
        assertSame(a, table.get(5));
        assertSame(b, table.get(100_000));
        assertSame(c, table.get(70));
        assertNull(table.get(6));
        assertNull(table.get(1_000_000), "beyond the slots: nothing");
        assertArrayEquals(new long[] {5, 70, 100_000}, table.sortedIndexes());
        assertEquals(3, table.size());
    }

    @Test
    void replacingACopyKeepsOneSlotAndClearEmptiesThemAll() {
        table.put(3, new byte[1]);
        byte[] newer = new byte[1];
        table.put(3, newer);
        assertSame(newer, table.get(3));
        assertEquals(1, table.size());
        table.clear();
        assertTrue(table.isEmpty());
        assertNull(table.get(3));
        assertEquals(0, table.sortedIndexes().length);
        table.put(3, newer);
        assertEquals(1, table.size(), "a cleared slot counts again when filled");
    }
}
