package dev.sluice.core.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.message.Message;
import dev.sluice.testing.Messages;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BacklogTest {
    private final Backlog backlog = new Backlog();
    private final List<Message> messages = new ArrayList<>();

    private QueueEntry entry(long seq, String body) {
        Message m = Messages.text(body);
        messages.add(m);
        return new QueueEntry(seq, m, Long.MAX_VALUE, 0);
    }

    @Test
    void storedPositionsJoinTheLastRangeAndRunsKeepQueueOrder() {
        backlog.addStored(5, 10);
        backlog.addStored(6, 10);
        QueueEntry seven = entry(7, "seven");
        backlog.addInMemory(seven);
        backlog.addStored(8, 10);
        assertEquals(4, backlog.count());
        assertEquals(35, backlog.bytes());
        assertEquals(3, backlog.storedCount());

        Backlog.StoredRange first = backlog.firstRange();
        assertEquals(4, first.afterSeq);
        assertEquals(6, first.lastSeq);
        assertNull(backlog.takeFirstRun(), "the first part is a range");
        backlog.pagedIn(first, 6, 2, 20, true);
        assertSame(seven, backlog.takeFirstRun().get(0));
        Backlog.StoredRange second = backlog.firstRange();
        assertEquals(7, second.afterSeq);
        assertEquals(1, backlog.count());
        messages.forEach(Message::release);
    }

    @Test
    void aRangeThatGrewWhileItWasReadStays() {
        backlog.addStored(1, 10);
        backlog.addStored(2, 10);
        Backlog.StoredRange range = backlog.firstRange();
        backlog.addStored(3, 10);
        backlog.pagedIn(range, 2, 2, 20, true);
        assertSame(range, backlog.firstRange(), "position 3 came after the read was asked for");
        assertEquals(2, range.afterSeq);
        assertEquals(1, backlog.storedCount());
        backlog.pagedIn(range, 3, 1, 10, true);
        assertTrue(backlog.isEmpty());
        assertEquals(0, backlog.bytes());
    }

    @Test
    void aRangeTheStoreHadFewerEntriesOfIsGoneWhenExhausted() {
        backlog.addStoredRange(0, 100, 50, 500);
        backlog.pagedIn(backlog.firstRange(), 100, 48, 480, true);
        assertTrue(backlog.isEmpty());
        assertEquals(0, backlog.count());
        assertEquals(0, backlog.storedCount());
    }
}
