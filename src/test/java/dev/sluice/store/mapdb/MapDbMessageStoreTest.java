package dev.sluice.store.mapdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.message.Message;
import dev.sluice.store.MessageStore;
import dev.sluice.store.MessageStoreContract;
import dev.sluice.store.StoreSettings;
import dev.sluice.store.StoredEntry;
import dev.sluice.testing.Messages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract over MapDB, and what only a disk store has: reopening, group commit,
 * cancelled writes and crashes.
 */
class MapDbMessageStoreTest extends MessageStoreContract {
    /** Long enough that a test decides when a group is committed (with requestCommit). */
    private static final StoreSettings SLOW_COMMITS = StoreSettings.mapDb().withCommitInterval(Duration.ofMinutes(10));

    @TempDir
    Path dir;

    @Override
    protected MessageStore newStore() {
        return MapDbStorage.open(dir, StoreSettings.mapDb()).messages();
    }

    private MapDbMessageStore reopen(StoreSettings settings) {
        store.close();
        MapDbMessageStore reopened = MapDbStorage.open(dir, settings).messages();
        store = reopened;
        return reopened;
    }

    private static void awaitDurable(MessageStore s) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        s.whenDurable(done::countDown);
        if (s instanceof MapDbMessageStore m) {
            m.storage().requestCommit();
        }
        assertTrue(done.await(10, TimeUnit.SECONDS), "the group was committed");
    }

    private static void enqueue(MessageStore s, long seq, long id, String body) {
        enqueue(s, Q1, seq, id, body);
    }

    private static List<String> bodies(MessageStore s) {
        return bodies(s, Q1);
    }

    @Test
    void reopeningRecoversEntriesInOrderWithTheirState() {
        for (long seq = 1; seq <= 3; seq++) {
            Message m = persistent("m" + seq, 10 + seq);
            store.enqueue(Q1, seq, 5000 + seq, (int) seq, m);
            m.release();
        }
        store.updateDelivery(Q1, 2, 4, true);
        store.markDelivered(Q1, 3);
        store.remove(Q1, 1);
        MapDbMessageStore reopened = reopen(StoreSettings.mapDb());
        List<StoredEntry> entries = reopened.recover(Q1);
        assertEquals(List.of(2L, 3L), entries.stream().map(StoredEntry::seq).toList());
        assertEquals(new StoredEntry(2, 12, 5002, 2, 4, true, entries.get(0).message()), entries.get(0));
        assertEquals(new StoredEntry(3, 13, 5003, 3, 0, true, entries.get(1).message()), entries.get(1));
        assertEquals(List.of("m2", "m3"), bodies(reopened));
        assertEquals(13, reopened.highestMessageId());
        assertEquals(2, reopened.messageCount());
    }

    @Test
    void aSharedMessageIsWrittenOnceAndRecoveredOnceForBothQueues() throws Exception {
        MapDbMessageStore s = reopen(SLOW_COMMITS);
        Message m = persistent("shared", 7);
        s.enqueue(Q1, 1, Long.MAX_VALUE, 0, m);
        s.enqueue(Q2, 1, Long.MAX_VALUE, 0, m);
        m.release();
        awaitDurable(s);
        assertEquals(1, s.writtenMessages());
        MapDbMessageStore reopened = reopen(StoreSettings.mapDb());
        assertEquals(1, reopened.messageCount());
        assertEquals(List.of("shared"), bodies(reopened));
        assertEquals("shared", Messages.bodyOf(reopened.recover(Q2).get(0).message()));
        reopened.remove(Q1, 1);
        assertEquals(1, reopened.messageCount(), "Q2 still refers to it");
    }

    @Test
    void anEntryEnqueuedAndRemovedInOneGroupNeverReachesTheDisk() throws Exception {
        MapDbMessageStore s = reopen(SLOW_COMMITS);
        enqueue(s, 1, 1, "fleeting");
        s.markDelivered(Q1, 1);
        s.remove(Q1, 1);
        enqueue(s, 2, 2, "kept");
        awaitDurable(s);
        assertEquals(1, s.writtenMessages(), "only the kept message was written");
        assertEquals(1, s.cancelledMessages());
        MapDbMessageStore reopened = reopen(StoreSettings.mapDb());
        assertEquals(List.of("kept"), bodies(reopened));
    }

    @Test
    void aMessageWrittenInOneGroupIsDeletedInALaterOne() throws Exception {
        MapDbMessageStore s = reopen(SLOW_COMMITS);
        enqueue(s, 1, 1, "first");
        awaitDurable(s);
        s.remove(Q1, 1);
        awaitDurable(s);
        assertEquals(1, s.writtenMessages());
        assertEquals(0, s.cancelledMessages());
        MapDbMessageStore reopened = reopen(StoreSettings.mapDb());
        assertTrue(reopened.recover(Q1).isEmpty());
        assertEquals(0, reopened.messageCount());
    }

    @Test
    void whenDurableActionsRunInOrderAfterTheirGroup() throws Exception {
        MapDbMessageStore s = reopen(SLOW_COMMITS);
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        enqueue(s, 1, 1, "a");
        s.whenDurable(() -> ran.add(1));
        enqueue(s, 2, 2, "b");
        s.whenDurable(() -> ran.add(2));
        Thread.sleep(50);
        assertTrue(ran.isEmpty(), "nothing is confirmed before its group is committed");
        awaitDurable(s);
        assertEquals(List.of(1, 2), ran);
        assertEquals(1, s.storage().committedGroups());
    }

    @Test
    void aMessageSettledInItsGroupIsSafeAtOnceAndNeverWritten() throws Exception {
        MapDbMessageStore s = reopen(SLOW_COMMITS);
        Message m = persistent("acked early", 1);
        s.enqueue(Q1, 1, Long.MAX_VALUE, 0, m);
        s.enqueue(Q2, 1, Long.MAX_VALUE, 0, m);
        m.release();
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        s.whenMessageDurable(1, () -> ran.add("first"));
        s.whenMessageDurable(1, () -> ran.add("second"));
        s.remove(Q1, 1);
        assertTrue(ran.isEmpty(), "q2 still holds it and nothing is committed");
        s.remove(Q2, 1);
        assertEquals(List.of("first", "second"), ran, "let go by every queue before its write");
        assertEquals(0, s.storage().committedGroups());
        awaitDurable(s);
        assertEquals(0, s.writtenMessages());
        assertEquals(List.of("first", "second"), ran, "the commit runs nothing twice");
    }

    @Test
    void aMessageStillHeldIsSafeOnlyAfterItsCommit() throws Exception {
        MapDbMessageStore s = reopen(SLOW_COMMITS);
        enqueue(s, 1, 1, "kept");
        enqueue(s, 2, 2, "acked early");
        CountDownLatch kept = new CountDownLatch(1);
        CountDownLatch acked = new CountDownLatch(1);
        s.whenMessageDurable(1, kept::countDown);
        s.whenMessageDurable(2, acked::countDown);
        s.remove(Q1, 2);
        assertEquals(0, acked.getCount(), "message 2 is gone before its write");
        assertEquals(1, kept.getCount(), "message 1 waits for the commit");
        awaitDurable(s);
        assertEquals(0, kept.getCount());
        assertEquals(1, s.writtenMessages());
        assertEquals(List.of("kept"), bodies(reopen(StoreSettings.mapDb())));
    }

    @Test
    void aMessageWrittenByAnEarlierGroupWaitsForTheNextCommitEvenWhenRemoved() throws Exception {
        MapDbMessageStore s = reopen(SLOW_COMMITS);
        enqueue(s, 1, 1, "written");
        awaitDurable(s);
        CountDownLatch safe = new CountDownLatch(1);
        s.whenMessageDurable(1, safe::countDown);
        s.remove(Q1, 1);
        assertEquals(1, safe.getCount(), "the removal of a written message is only safe once committed");
        awaitDurable(s);
        assertEquals(0, safe.getCount());
    }

    @Test
    void aPurgeLetsGoOfMessagesBeforeTheirWrite() throws Exception {
        MapDbMessageStore s = reopen(SLOW_COMMITS);
        enqueue(s, 1, 1, "a");
        enqueue(s, 2, 2, "b");
        CountDownLatch safe = new CountDownLatch(2);
        s.whenMessageDurable(1, safe::countDown);
        s.whenMessageDurable(2, safe::countDown);
        s.deleteQueue(Q1);
        assertEquals(0, safe.getCount());
    }

    /**
     * Asks once for the pending group to be committed, without an action that would wait for
     * everything, and waits until {@code groups} groups in all were committed.
     */
    private static void awaitCommits(MapDbMessageStore s, long groups) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        s.storage().requestCommit();
        while (s.storage().committedGroups() < groups) {
            assertTrue(System.nanoTime() < deadline, "group " + groups + " committed in time");
            Thread.sleep(1);
        }
    }

    @Test
    void aMessageOutWithAConsumerIsPutOffAndNeverWrittenWhenAckedMeanwhile() throws Exception {
        MapDbMessageStore s = reopen(SLOW_COMMITS.withAckWait(Duration.ofHours(1)));
        enqueue(s, 1, 1, "delivered");
        s.markDelivered(Q1, 1);
        CountDownLatch safe = new CountDownLatch(1);
        s.whenMessageDurable(1, safe::countDown);
        awaitCommits(s, 1);
        assertEquals(1, safe.getCount(), "put off to the next group, not confirmed");
        assertEquals(0, s.writtenMessages());
        awaitCommits(s, 2);
        assertEquals(1, safe.getCount(), "and again, while its ack wait lasts");
        assertEquals(0, s.writtenMessages());
        s.remove(Q1, 1);
        assertEquals(0, safe.getCount(), "acked before the next group: safe without a write");
        awaitDurable(s);
        assertEquals(0, s.writtenMessages());
        assertTrue(reopen(StoreSettings.mapDb()).recover(Q1).isEmpty());
    }

    @Test
    void aMessagePutOffPastItsAckWaitIsWrittenWithTheNextGroup() throws Exception {
        Duration ackWait = Duration.ofMillis(50);
        MapDbMessageStore s = reopen(SLOW_COMMITS.withAckWait(ackWait));
        enqueue(s, 1, 1, "delivered");
        enqueue(s, 2, 2, "waiting");
        s.markDelivered(Q1, 1);
        CountDownLatch delivered = new CountDownLatch(1);
        CountDownLatch waiting = new CountDownLatch(1);
        s.whenMessageDurable(1, delivered::countDown);
        s.whenMessageDurable(2, waiting::countDown);
        awaitCommits(s, 1);
        assertEquals(0, waiting.getCount(), "a message nobody holds is written at once");
        Thread.sleep(ackWait.toMillis() + 1); // the wait has passed whatever the machine's speed
        awaitCommits(s, 2);
        assertEquals(0, delivered.getCount(), "written and confirmed with the next group");
        assertEquals(2, s.writtenMessages());
        List<StoredEntry> entries = reopen(StoreSettings.mapDb()).recover(Q1);
        assertEquals(List.of(1L, 2L), entries.stream().map(StoredEntry::seq).toList());
        assertTrue(entries.get(0).redelivered());
    }

    @Test
    void aMessageInTwoQueuesIsPutOffOnlyWhileBothEntriesAreOutWithConsumers() throws Exception {
        MapDbMessageStore s = reopen(SLOW_COMMITS.withAckWait(Duration.ofHours(1)));
        Message both = persistent("out in both", 1);
        Message one = persistent("out in one", 2);
        for (Message m : List.of(both, one)) {
            s.enqueue(Q1, m.id(), Long.MAX_VALUE, 0, m);
            s.enqueue(Q2, m.id(), Long.MAX_VALUE, 0, m);
            m.release();
        }
        s.markDelivered(Q1, 1);
        s.markDelivered(Q2, 1);
        s.markDelivered(Q1, 2);
        CountDownLatch bothSafe = new CountDownLatch(1);
        CountDownLatch oneSafe = new CountDownLatch(1);
        s.whenMessageDurable(1, bothSafe::countDown);
        s.whenMessageDurable(2, oneSafe::countDown);
        awaitCommits(s, 1);
        assertEquals(0, oneSafe.getCount(), "still ready in q2: written at once");
        assertEquals(1, s.writtenMessages());
        assertEquals(1, bothSafe.getCount(), "out in both queues: put off");
        s.remove(Q1, 1);
        assertEquals(1, bothSafe.getCount());
        s.remove(Q2, 1);
        assertEquals(0, bothSafe.getCount(), "acked in both before its write");
        awaitDurable(s);
        assertEquals(1, s.writtenMessages());
    }

    @Test
    void withoutAnAckWaitNothingIsPutOff() throws Exception {
        MapDbMessageStore s = reopen(SLOW_COMMITS.withAckWait(Duration.ZERO));
        enqueue(s, 1, 1, "delivered");
        s.markDelivered(Q1, 1);
        CountDownLatch safe = new CountDownLatch(1);
        s.whenMessageDurable(1, safe::countDown);
        awaitCommits(s, 1);
        assertEquals(0, safe.getCount());
        assertEquals(1, s.writtenMessages());
    }

    @Test
    void nothingIsPutOffPastAnActionThatWaitsForEverything() throws Exception {
        MapDbMessageStore s = reopen(SLOW_COMMITS.withAckWait(Duration.ofHours(1)));
        enqueue(s, 1, 1, "delivered");
        s.markDelivered(Q1, 1);
        awaitDurable(s);
        assertEquals(1, s.writtenMessages(), "whenDurable promised everything recorded before it");
    }

    @Test
    void idsThatArriveOutOfOrderWithinAGroupAreStillNeverWrittenWhenSettled() throws Exception {
        MapDbMessageStore s = reopen(SLOW_COMMITS);
        enqueue(s, 1, 3, "written");
        awaitDurable(s);
        enqueue(s, 2, 5, "second publisher first");
        enqueue(s, 3, 4, "first publisher later");
        s.remove(Q1, 3);
        s.remove(Q1, 2);
        awaitDurable(s);
        assertEquals(1, s.writtenMessages(), "only the first group's message");
        assertEquals(2, s.cancelledMessages());
    }

    @Test
    void theDefaultIntervalCommitsWithoutBeingAsked() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        enqueue(store, 1, 1, "soon");
        store.whenDurable(done::countDown);
        assertTrue(done.await(10, TimeUnit.SECONDS));
    }

    @Test
    void aFullGroupIsCommittedAtOnce() throws Exception {
        MapDbMessageStore s = reopen(SLOW_COMMITS.withMaxGroupSize(4));
        CountDownLatch done = new CountDownLatch(1);
        enqueue(s, 1, 1, "a");
        s.whenDurable(done::countDown);
        enqueue(s, 2, 2, "b");
        assertTrue(done.await(10, TimeUnit.SECONDS), "four changes fill the group");
    }

    @Test
    void aCrashKeepsWhatWasConfirmedAndNothingAfterIt() throws Exception {
        MapDbMessageStore s = reopen(SLOW_COMMITS);
        enqueue(s, 1, 1, "confirmed");
        awaitDurable(s);
        Message pending = persistent("pending", 2);
        s.enqueue(Q1, 2, Long.MAX_VALUE, 0, pending);
        s.remove(Q1, 1);
        s.storage().crashForTest();
        assertEquals(1, pending.body().refCnt(), "the crash gave back the store's references");
        pending.release();
        MapDbMessageStore reopened = MapDbStorage.open(dir, StoreSettings.mapDb()).messages();
        store = reopened;
        assertEquals(List.of("confirmed"), bodies(reopened));
        assertEquals(1, reopened.highestMessageId());
    }

    @Test
    void deletingAQueueOnDiskDropsItsEntriesAndUnsharedMessages() throws Exception {
        MapDbMessageStore s = reopen(SLOW_COMMITS);
        enqueue(s, 1, 1, "gone");
        Message shared = persistent("shared", 2);
        s.enqueue(Q1, 2, Long.MAX_VALUE, 0, shared);
        s.enqueue(Q2, 1, Long.MAX_VALUE, 0, shared);
        shared.release();
        awaitDurable(s);
        s.deleteQueue(Q1);
        enqueue(s, 1, 3, "again");
        MapDbMessageStore reopened = reopen(StoreSettings.mapDb());
        assertEquals(List.of("again"), bodies(reopened));
        assertEquals(2, reopened.messageCount());
        assertEquals(1, reopened.recover(Q2).size());
    }

    @Test
    void concurrentQueuesWhileGroupsAreWrittenLeaveExactlyTheKeptEntries() throws Exception {
        MapDbMessageStore s = reopen(StoreSettings.mapDb().withCommitInterval(Duration.ofMillis(1)).withMaxGroupSize(64));
        int threads = 4;
        int perQueue = 500;
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            dev.sluice.store.QueueKey queue = new dev.sluice.store.QueueKey("/", "q" + t);
            long idBase = 1_000_000L * (t + 1);
            writers.add(new Thread(() -> {
                for (int seq = 1; seq <= perQueue; seq++) {
                    enqueue(s, queue, seq, idBase + seq, "b" + seq);
                    if (seq % 2 == 0) {
                        s.remove(queue, seq - 1);
                    }
                }
            }));
        }
        writers.forEach(Thread::start);
        for (Thread w : writers) {
            w.join();
        }
        awaitDurable(s);
        assertTrue(s.storage().committedGroups() > 1, "written in several groups");
        MapDbMessageStore reopened = reopen(StoreSettings.mapDb());
        assertEquals(threads * perQueue / 2, reopened.messageCount());
        for (int t = 0; t < threads; t++) {
            List<StoredEntry> entries = reopened.recover(new dev.sluice.store.QueueKey("/", "q" + t));
            assertEquals(perQueue / 2, entries.size());
            for (int i = 0; i < entries.size(); i++) {
                assertEquals(2L * (i + 1), entries.get(i).seq());
                assertEquals("b" + 2 * (i + 1), Messages.bodyOf(entries.get(i).message()));
            }
        }
    }

    @Test
    void aStoreOfANewerFormatIsRefused() throws Exception {
        store.close();
        StoreFormat.write(dir, StoreFormat.CURRENT_VERSION + 1);
        StoreFormatException e = org.junit.jupiter.api.Assertions.assertThrows(StoreFormatException.class,
                () -> MapDbStorage.open(dir, StoreSettings.mapDb()));
        assertTrue(e.getMessage().contains("newer Sluice"), e.getMessage());
        assertTrue(e.getMessage().contains("format " + (StoreFormat.CURRENT_VERSION + 1)), e.getMessage());
        StoreFormat.write(dir, StoreFormat.CURRENT_VERSION);
        store = MapDbStorage.open(dir, StoreSettings.mapDb()).messages();
    }

    @Test
    void aStoreWithoutItsStampIsRefused() throws Exception {
        store.close();
        java.nio.file.Files.delete(dir.resolve(StoreFormat.STAMP_FILE));
        StoreFormatException e = org.junit.jupiter.api.Assertions.assertThrows(StoreFormatException.class,
                () -> MapDbStorage.open(dir, StoreSettings.mapDb()));
        assertTrue(e.getMessage().contains("format is unknown"), e.getMessage());
        StoreFormat.write(dir, StoreFormat.CURRENT_VERSION);
        store = MapDbStorage.open(dir, StoreSettings.mapDb()).messages();
    }

    @Test
    void anOlderFormatIsMigratedStepByStep() throws Exception {
        store.close();
        StoreFormat.write(dir, StoreFormat.CURRENT_VERSION - 1);
        List<Integer> steps = new ArrayList<>();
        StoreMigrations migrations = new StoreMigrations(
                java.util.Map.of(StoreFormat.CURRENT_VERSION - 1, d -> steps.add(StoreFormat.CURRENT_VERSION - 1)));
        MapDbStorage storage = MapDbStorage.open(dir, StoreSettings.mapDb(), migrations);
        store = storage.messages();
        assertEquals(List.of(StoreFormat.CURRENT_VERSION - 1), steps);
        assertEquals(StoreFormat.CURRENT_VERSION, StoreFormat.read(dir.resolve(StoreFormat.STAMP_FILE)));
    }

    @Test
    void aSecondBrokerCannotOpenTheSameDirectory() {
        dev.sluice.store.StoreException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.sluice.store.StoreException.class, () -> MapDbStorage.open(dir, StoreSettings.mapDb()));
        assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void changesAfterCloseAreIgnored() {
        store.close();
        enqueue(store, 1, 1, "late");
        assertTrue(store.recover(Q1).isEmpty());
        assertNull(store.load(1));
        assertFalse(store.queues().contains(Q1));
    }

    /** An entry record as codec version 1 wrote it (no body size). */
    private static byte[] versionOne(long messageId) {
        byte[] v2 = new EntryRecord(messageId, Long.MAX_VALUE, 0, 0, false, 0).encode();
        byte[] v1 = java.util.Arrays.copyOf(v2, v2.length - 1);
        v1[0] = 1;
        return v1;
    }

    @Test
    void aFormatOneStoreIsMigratedWithItsSharedMessagesCounted() throws Exception {
        store.close();
        Path old = dir.resolve("format-1");
        java.nio.file.Files.createDirectories(old);
        StoreFormat.write(old, 1);
        try (MapDbTables t = MapDbTables.open(old)) {
            t.queues.put(new Object[] {"/", "q1"}, 1L);
            t.queues.put(new Object[] {"/", "q2"}, 2L);
            for (long id : new long[] {7, 8}) {
                Message m = persistent(id == 7 ? "shared" : "own", id);
                t.messages.put(id, MessageCodec.encode(m));
                m.release();
            }
            t.entries.put(MapDbTables.entryKey(1, 1), versionOne(7));
            t.entries.put(MapDbTables.entryKey(1, 2), versionOne(8));
            t.entries.put(MapDbTables.entryKey(2, 1), versionOne(7));
            t.commit();
        }
        MapDbMessageStore migrated = MapDbStorage.open(old, StoreSettings.mapDb()).messages();
        store = migrated;
        assertEquals(StoreFormat.CURRENT_VERSION, StoreFormat.read(old.resolve(StoreFormat.STAMP_FILE)));
        assertEquals(List.of("shared", "own"), bodies(migrated, Q1));
        assertEquals(new dev.sluice.store.StoredQueue(2, 0, 0, 2), migrated.stored(Q1), "version 1 entries have no size");
        migrated.remove(Q1, 1);
        assertEquals(List.of("shared"), bodies(migrated, Q2), "the other queue's reference keeps it");
        migrated.remove(Q2, 1);
        assertEquals(1, migrated.messageCount());
    }

    @Test
    void reopeningGivesEachQueueASummaryOfItsEntries() {
        for (long seq = 5; seq <= 9; seq++) {
            enqueue(store, Q1, seq, seq, "body-" + seq);
        }
        enqueue(store, Q2, 3, 20, "x");
        MapDbMessageStore reopened = reopen(StoreSettings.mapDb());
        assertEquals(new dev.sluice.store.StoredQueue(5, 5 * 6, 4, 9), reopened.stored(Q1));
        assertEquals(new dev.sluice.store.StoredQueue(1, 1, 2, 3), reopened.stored(Q2));
    }

    @Test
    void aPurgeLargerThanOneChunkIsFinishedEvenAfterACrash() throws Exception {
        MapDbMessageStore s = reopen(SLOW_COMMITS);
        int n = TableWriter.REMOVAL_CHUNK * 2 + 10;
        for (int seq = 1; seq <= n; seq++) {
            enqueue(s, Q1, seq, seq, "m");
        }
        awaitDurable(s);
        s.removeRange(Q1, 0, n - 1);
        awaitDurable(s);
        s.storage().crashForTest();
        MapDbMessageStore reopened = MapDbStorage.open(dir, StoreSettings.mapDb()).messages();
        store = reopened;
        assertEquals(new dev.sluice.store.StoredQueue(1, 1, n - 1, n), reopened.stored(Q1));
        assertEquals(1, reopened.messageCount());
    }

    @Test
    void aMessageThatCannotBeWrittenIsRefusedAndNothingIsRecorded() {
        Message odd = dev.sluice.testing.Messages.text("odd", dev.sluice.core.message.MessageProperties.builder()
                .persistent().headers(java.util.Map.of("x", new Object())).build()).withId(5);
        assertFalse(store.enqueue(Q1, 1, Long.MAX_VALUE, 0, odd));
        odd.release();
        assertTrue(bodies(store, Q1).isEmpty());
    }

    @Test
    void entriesOfAnUnknownQueueIdAreRemovedAndTheIdIsNeverGivenAgain() throws Exception {
        store.close();
        try (MapDbTables t = MapDbTables.open(dir)) {
            Message orphan = persistent("orphan", 1);
            t.messages.put(1L, MessageCodec.encode(orphan));
            orphan.release();
            t.entries.put(MapDbTables.entryKey(5, 1), new EntryRecord(1, Long.MAX_VALUE, 0, 0, false, 6).encode());
            t.commit();
        }
        MapDbMessageStore s = MapDbStorage.open(dir, SLOW_COMMITS).messages();
        store = s;
        enqueue(s, Q2, 1, 2, "new");
        awaitDurable(s);
        assertEquals(List.of("new"), bodies(s, Q2), "the new queue's entry was not taken for the orphan's");
        assertEquals(1, s.messageCount(), "the orphan's message went with its entry");
    }

    /**
     * A durable queue with persistent and paged-out transient entries, one message shared by both
     * kinds; committed before it returns.
     */
    private void mixedEntries(MessageStore s) throws InterruptedException {
        enqueue(s, Q1, 1, 1, "p1");
        pageOut(s, Q1, 2, 2, "t2");
        Message both = persistent("both", 3);
        s.enqueue(Q1, 3, Long.MAX_VALUE, 0, both);
        s.pageOut(Q2, 1, Long.MAX_VALUE, 0, both); // Q2 stands for an exclusive queue
        both.release();
        pageOut(s, Q1, 4, 4, "t4");
        for (long seq = 2; seq <= TableWriter.REMOVAL_CHUNK + 10; seq++) {
            pageOut(s, Q2, seq, 100 + seq, "x"); // more than one chunk to discard
        }
        awaitDurable(s); // a read of uncommitted positions waits for their commit
        assertEquals(List.of("p1", "t2", "both", "t4"), bodies(s, Q1));
    }

    private void assertOnlyPersistentEntriesCameBack(MapDbMessageStore reopened) {
        assertEquals(List.of("p1", "both"), bodies(reopened, Q1));
        assertEquals(new dev.sluice.store.StoredQueue(2, 2 + 4, 0, 3), reopened.stored(Q1));
        assertTrue(reopened.recover(Q2).isEmpty());
        assertFalse(reopened.queues().contains(Q2), "a queue with only paged-out entries is unknown");
        assertEquals(2, reopened.messageCount(), "the transient messages' records went with their entries");
        reopened.remove(Q1, 3);
        assertEquals(1, reopened.messageCount(), "the discarded reference no longer counts");
    }

    @Test
    void aCleanRestartDiscardsPagedOutTransientEntries() throws Exception {
        mixedEntries(store);
        assertOnlyPersistentEntriesCameBack(reopen(StoreSettings.mapDb()));
    }

    @Test
    void aCrashDiscardsPagedOutTransientEntriesToo() throws Exception {
        MapDbMessageStore s = reopen(SLOW_COMMITS);
        mixedEntries(s);
        pageOut(s, Q1, 5, 50, "pending"); // not committed when the process dies
        s.storage().crashForTest();
        MapDbMessageStore reopened = MapDbStorage.open(dir, StoreSettings.mapDb()).messages();
        store = reopened;
        assertOnlyPersistentEntriesCameBack(reopened);
    }

    @Test
    void pagingOutNeverWaitsForTheWriter() throws Exception {
        MapDbMessageStore s = reopen(SLOW_COMMITS);
        CountDownLatch durable = new CountDownLatch(1);
        pageOut(s, Q1, 1, 1, "t");
        s.whenDurable(durable::countDown);
        assertEquals(1, durable.getCount(), "nothing is committed before the interval (10 minutes) or a request");
        java.util.concurrent.CompletableFuture<dev.sluice.store.StoredBatch> answer =
                new java.util.concurrent.CompletableFuture<>();
        s.read(Q1, dev.sluice.store.ReadRequest.everything(), answer::complete);
        assertFalse(answer.isDone(), "a read of the paged-out entry waits for its group");
        s.storage().requestCommit();
        assertTrue(durable.await(10, TimeUnit.SECONDS));
        dev.sluice.store.StoredBatch batch = answer.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(1L), batch.entries().stream().map(StoredEntry::seq).toList());
        batch.release();
    }

    @Test
    void aFormatTwoStoreIsMigratedAndKeepsItsEntries() throws Exception {
        store.close();
        Path old = dir.resolve("format-2");
        java.nio.file.Files.createDirectories(old);
        StoreFormat.write(old, 2);
        try (MapDbTables t = MapDbTables.open(old)) {
            t.queues.put(new Object[] {"/", "q1"}, 1L);
            Message m = persistent("kept", 9);
            t.messages.put(9L, MessageCodec.encode(m));
            m.release();
            byte[] v3 = new EntryRecord(9, Long.MAX_VALUE, 0, 0, true, 4).encode();
            v3[0] = 2; // codec version 2 wrote the same bytes without the ephemeral flag
            t.entries.put(MapDbTables.entryKey(1, 1), v3);
            t.commit();
        }
        MapDbMessageStore migrated = MapDbStorage.open(old, StoreSettings.mapDb()).messages();
        store = migrated;
        assertEquals(3, StoreFormat.read(old.resolve(StoreFormat.STAMP_FILE)));
        assertEquals(List.of("kept"), bodies(migrated, Q1));
        assertTrue(entries(migrated, Q1).get(0).redelivered());
    }
}
