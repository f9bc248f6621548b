package dev.sluice.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.message.Message;
import dev.sluice.core.message.MessageProperties;
import dev.sluice.testing.Messages;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link MessageStore} must have. Each store's test class extends this one.
 */
public abstract class MessageStoreContract {
    protected static final QueueKey Q1 = new QueueKey("/", "q1");
    protected static final QueueKey Q2 = new QueueKey("/", "q2");

    protected MessageStore store;

    /** A fresh, empty store. */
    protected abstract MessageStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected static Message persistent(String body, long id) {
        return Messages.text(body, MessageProperties.builder().persistent().build()).withId(id);
    }

    /** The queue's entries as {@link MessageStore#recover} gives them, their messages already released. */
    protected static List<StoredEntry> entries(MessageStore s, QueueKey queue) {
        List<StoredEntry> entries = s.recover(queue);
        entries.forEach(e -> e.message().release());
        return entries;
    }

    /** The bodies of the queue's entries, in position order. */
    protected static List<String> bodies(MessageStore s, QueueKey queue) {
        List<String> bodies = new java.util.ArrayList<>();
        for (StoredEntry e : s.recover(queue)) {
            bodies.add(Messages.bodyOf(e.message()));
            e.message().release();
        }
        return bodies;
    }

    /** Reads once and waits for the answer. */
    protected static StoredBatch read(MessageStore s, QueueKey queue, ReadRequest request) {
        java.util.concurrent.CompletableFuture<StoredBatch> answer = new java.util.concurrent.CompletableFuture<>();
        s.read(queue, request, answer::complete);
        StoredBatch batch = answer.join();
        batch.release();
        return batch;
    }

    /** Enqueues a new persistent message, leaving the store the only holder of its body. */
    protected static void enqueue(MessageStore s, QueueKey queue, long seq, long id, String body) {
        Message m = persistent(body, id);
        s.enqueue(queue, seq, Long.MAX_VALUE, 0, m);
        m.release();
    }

    @Test
    void aMessageInTwoQueuesIsStoredOnceAndGoesWithItsLastReference() {
        Message m = persistent("shared", 1);
        store.enqueue(Q1, 1, Long.MAX_VALUE, 0, m);
        store.enqueue(Q2, 1, Long.MAX_VALUE, 0, m);
        m.release();
        assertEquals(1, store.messageCount());
        store.remove(Q1, 1);
        assertEquals(1, store.messageCount());
        store.remove(Q2, 1);
        assertEquals(0, store.messageCount());
    }

    @Test
    void recoverReturnsEntriesInPositionOrderWithTheirMetadata() {
        for (long seq : new long[] {3, 1, 2}) {
            Message m = persistent("m" + seq, seq);
            store.enqueue(Q1, seq, 1000 + seq, (int) seq, m);
            m.release();
        }
        List<StoredEntry> entries = entries(store, Q1);
        assertEquals(List.of(1L, 2L, 3L), entries.stream().map(StoredEntry::seq).toList());
        StoredEntry second = entries.get(1);
        assertEquals(1002, second.expiresAt());
        assertEquals(2, second.priority());
        assertEquals(2, second.messageId());
        assertEquals(List.of("m1", "m2", "m3"), bodies(store, Q1));
    }

    @Test
    void requeueKeepsTheNewDeliveryCountAndRedeliveredFlag() {
        Message m = persistent("again", 5);
        store.enqueue(Q1, 9, Long.MAX_VALUE, 0, m);
        m.release();
        store.updateDelivery(Q1, 9, 3, true);
        StoredEntry e = entries(store, Q1).get(0);
        assertEquals(3, e.deliveryCount());
        assertTrue(e.redelivered());
    }

    @Test
    void aDeliveredEntryComesBackRedeliveredWithItsCount() {
        enqueue(store, Q1, 1, 6, "first");
        enqueue(store, Q1, 2, 7, "second");
        store.markDelivered(Q1, 1);
        List<StoredEntry> entries = entries(store, Q1);
        assertTrue(entries.get(0).redelivered());
        assertEquals(0, entries.get(0).deliveryCount());
        assertFalse(entries.get(1).redelivered());
    }

    @Test
    void queuesAndHighestIdDescribeWhatIsHeld() {
        assertEquals(0, store.highestMessageId());
        enqueue(store, Q1, 1, 42, "m");
        assertEquals(java.util.Set.of(Q1), store.queues());
        assertEquals(42, store.highestMessageId());
        store.deleteQueue(Q1);
        assertFalse(store.queues().contains(Q1));
    }

    @Test
    void closingGivesBackEveryReferenceTheStoreTook() {
        Message m = persistent("held", 3);
        store.enqueue(Q1, 1, Long.MAX_VALUE, 0, m);
        store.enqueue(Q2, 1, Long.MAX_VALUE, 0, m);
        store.close();
        assertEquals(1, m.body().refCnt(), "only the caller's own reference is left");
        m.release();
    }

    @Test
    void settledEntriesDoNotComeBack() {
        for (long seq = 1; seq <= 3; seq++) {
            Message m = persistent("m" + seq, seq);
            store.enqueue(Q1, seq, Long.MAX_VALUE, 0, m);
            m.release();
        }
        store.remove(Q1, 2);
        assertEquals(List.of(1L, 3L), entries(store, Q1).stream().map(StoredEntry::seq).toList());
        assertTrue(entries(store, Q2).isEmpty());
    }

    @Test
    void deletingAQueueDropsItsReferencesOnly() {
        Message shared = persistent("shared", 1);
        store.enqueue(Q1, 1, Long.MAX_VALUE, 0, shared);
        store.enqueue(Q2, 1, Long.MAX_VALUE, 0, shared);
        shared.release();
        Message own = persistent("own", 2);
        store.enqueue(Q1, 2, Long.MAX_VALUE, 0, own);
        own.release();
        store.deleteQueue(Q1);
        assertTrue(entries(store, Q1).isEmpty());
        assertEquals(1, store.messageCount());
        assertEquals(List.of("shared"), bodies(store, Q2));
    }

    @Test
    void loadGivesTheCallerItsOwnReference() {
        Message m = persistent("body", 11);
        store.enqueue(Q1, 1, Long.MAX_VALUE, 0, m);
        m.release();
        Message loaded = store.load(11);
        assertNotNull(loaded);
        assertEquals("body", Messages.bodyOf(loaded));
        loaded.release();
        assertEquals(1, store.messageCount(), "the caller's release leaves the stored copy");
        Message again = store.load(11);
        assertEquals("body", Messages.bodyOf(again));
        again.release();
    }

    @Test
    void whenDurableRunsOnceTheChangesAreDurable() throws Exception {
        Message m = persistent("d", 1);
        store.enqueue(Q1, 1, Long.MAX_VALUE, 0, m);
        m.release();
        AtomicBoolean ran = new AtomicBoolean();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        store.whenDurable(() -> {
            ran.set(true);
            done.countDown();
        });
        assertTrue(done.await(10, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(ran.get());
        assertFalse(entries(store, Q1).isEmpty());
    }

    @Test
    void aMessageEveryQueueLetGoOfIsSafeWithoutAWrite() throws Exception {
        Message m = persistent("settled", 1);
        store.enqueue(Q1, 1, Long.MAX_VALUE, 0, m);
        store.enqueue(Q2, 1, Long.MAX_VALUE, 0, m);
        m.release();
        java.util.concurrent.CountDownLatch safe = new java.util.concurrent.CountDownLatch(1);
        store.whenMessageDurable(1, safe::countDown);
        store.remove(Q1, 1);
        store.remove(Q2, 1);
        // at once, or (a disk store) after a commit that writes nothing of it
        assertTrue(safe.await(10, java.util.concurrent.TimeUnit.SECONDS), "nothing holds the message");
    }

    @Test
    void readsComeInBatchesInPositionOrderWithinTheirLimits() {
        for (long seq = 1; seq <= 10; seq++) {
            enqueue(store, Q1, seq, seq, "m" + seq);
        }
        StoredBatch first = read(store, Q1, new ReadRequest(0, 10, 4, Long.MAX_VALUE));
        assertEquals(List.of(1L, 2L, 3L, 4L), first.entries().stream().map(StoredEntry::seq).toList());
        assertEquals(4, first.lastSeq());
        assertEquals(4, first.scanned());
        assertFalse(first.exhausted());
        StoredBatch second = read(store, Q1, new ReadRequest(first.lastSeq(), 10, 100, 4));
        assertEquals(List.of(5L, 6L), second.entries().stream().map(StoredEntry::seq).toList(),
                "2-byte bodies: the byte limit stops the batch after the entry that reaches it");
        StoredBatch rest = read(store, Q1, new ReadRequest(second.lastSeq(), 9, 100, Long.MAX_VALUE));
        assertEquals(List.of(7L, 8L, 9L), rest.entries().stream().map(StoredEntry::seq).toList());
        assertTrue(rest.exhausted());
        assertEquals(9, rest.lastSeq());
        assertEquals(3 * 2, rest.scannedBytes());
        assertTrue(read(store, Q2, new ReadRequest(0, 10, 4, 100)).entries().isEmpty());
    }

    @Test
    void aReadSeesEverythingRecordedBeforeIt() {
        enqueue(store, Q1, 1, 1, "first");
        store.markDelivered(Q1, 1);
        enqueue(store, Q1, 2, 2, "second");
        StoredBatch batch = read(store, Q1, ReadRequest.everything());
        assertEquals(2, batch.entries().size());
        assertTrue(batch.entries().get(0).redelivered());
        assertEquals(2, batch.entries().get(1).messageId());
        enqueue(store, Q1, 3, 3, "third");
        store.remove(Q1, 2);
        store.updateDelivery(Q1, 3, 4, true);
        List<StoredEntry> after = read(store, Q1, new ReadRequest(1, 3, 10, Long.MAX_VALUE)).entries();
        assertEquals(List.of(3L), after.stream().map(StoredEntry::seq).toList());
        assertEquals(4, after.get(0).deliveryCount());
    }

    @Test
    void theReaderOwnsTheMessagesItReads() {
        enqueue(store, Q1, 1, 1, "owned");
        StoredEntry e = store.recover(Q1).get(0);
        store.remove(Q1, 1);
        assertEquals(0, store.messageCount());
        assertEquals("owned", Messages.bodyOf(e.message()), "still readable after the store let go");
        e.message().release();
    }

    @Test
    void aRangeRemovalTakesOnlyItsRangeAndKeepsSharedMessages() {
        for (long seq = 1; seq <= 10; seq++) {
            Message m = persistent("m" + seq, seq);
            store.enqueue(Q1, seq, Long.MAX_VALUE, 0, m);
            if (seq == 5) {
                store.enqueue(Q2, 1, Long.MAX_VALUE, 0, m);
            }
            m.release();
        }
        store.removeRange(Q1, 3, 7);
        assertEquals(List.of(1L, 2L, 3L, 8L, 9L, 10L), entries(store, Q1).stream().map(StoredEntry::seq).toList());
        assertEquals(List.of("m5"), bodies(store, Q2));
        assertEquals(7, store.messageCount());
    }

    protected static Message transientMessage(String body, long id) {
        return Messages.text(body, MessageProperties.builder().build()).withId(id);
    }

    /** Pages out a new transient message, leaving the store the only holder of its body. */
    protected static void pageOut(MessageStore s, QueueKey queue, long seq, long id, String body) {
        Message m = transientMessage(body, id);
        assertTrue(s.pageOut(queue, seq, Long.MAX_VALUE, 0, m), "the store pages out");
        m.release();
    }

    @Test
    void pagedOutEntriesReadBackInOrderWithStoredOnes() {
        enqueue(store, Q1, 1, 1, "p1");
        pageOut(store, Q1, 2, 2, "t2");
        pageOut(store, Q1, 3, 3, "t3");
        enqueue(store, Q1, 4, 4, "p4");
        pageOut(store, Q1, 5, 5, "t5");
        StoredBatch first = read(store, Q1, new ReadRequest(0, 5, 3, Long.MAX_VALUE));
        assertEquals(List.of(1L, 2L, 3L), first.entries().stream().map(StoredEntry::seq).toList());
        StoredBatch rest = read(store, Q1, new ReadRequest(first.lastSeq(), 5, 10, Long.MAX_VALUE));
        assertEquals(List.of(4L, 5L), rest.entries().stream().map(StoredEntry::seq).toList());
        assertTrue(rest.exhausted());
        store.updateDelivery(Q1, 3, 2, true);
        StoredEntry third = read(store, Q1, new ReadRequest(2, 3, 1, Long.MAX_VALUE)).entries().get(0);
        assertEquals(2, third.deliveryCount());
        assertTrue(third.redelivered());
    }

    @Test
    void pagedOutEntriesAreRemovedPurgedAndDeletedLikeStoredOnes() {
        for (long seq = 1; seq <= 6; seq++) {
            pageOut(store, Q1, seq, seq, "t" + seq);
        }
        Message shared = transientMessage("shared", 7);
        store.pageOut(Q1, 7, Long.MAX_VALUE, 0, shared);
        store.pageOut(Q2, 1, Long.MAX_VALUE, 0, shared);
        shared.release();
        store.remove(Q1, 1);
        store.removeRange(Q1, 2, 4);
        assertEquals(List.of("t2", "t5", "t6", "shared"), bodies(store, Q1));
        store.deleteQueue(Q1);
        assertTrue(store.recover(Q1).isEmpty());
        assertEquals(List.of("shared"), bodies(store, Q2), "the other queue's reference keeps it");
        assertEquals(1, store.messageCount());
        store.remove(Q2, 1);
        assertEquals(0, store.messageCount());
    }

    @Test
    void aMessageWithoutAnIdIsNotPagedOut() {
        Message m = Messages.text("no id", MessageProperties.builder().build());
        assertFalse(store.pageOut(Q1, 1, Long.MAX_VALUE, 0, m));
        m.release();
        assertTrue(store.recover(Q1).isEmpty());
    }

    @Test
    void anUnknownQueueHoldsNothing() {
        assertEquals(StoredQueue.EMPTY, store.stored(new QueueKey("/", "never")));
        assertTrue(store.recover(new QueueKey("/", "never")).isEmpty());
    }
}
