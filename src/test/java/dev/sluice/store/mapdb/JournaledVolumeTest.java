package dev.sluice.store.mapdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/**
 * The page journal under MapDB: reads see writes before the commit, a commit survives reopening,
 * and a commit interrupted at any step (journal half written, store file half written by the
 * checkpoint, its sync not done) leaves after reopening either the commit before or the whole
 * interrupted one, never a mix.
 */
class JournaledVolumeTest {
    private static final int PAGE = JournaledVolume.PAGE_SIZE;

    @TempDir
    Path dir;

    private final AtomicReference<JournaledVolume.Faults> fault = new AtomicReference<>(JournaledVolume.Faults.NONE);

    private JournaledVolume open() {
        return JournaledVolume.open(dir.resolve("store"), dir.resolve("store.journal"),
                (stage, page) -> fault.get().before(stage, page));
    }

    private static IOException simulated(String what) {
        return new IOException("simulated: " + what);
    }

    @Test
    void readsSeeWritesAcrossPageBoundariesBeforeAndAfterTheCommit() {
        byte[] data = pattern(PAGE + 100, 7);
        try (JournaledVolume v = open()) {
            v.ensureAvailable(3L * PAGE);
            v.putData(100, data, 0, data.length);
            v.putLong(PAGE - 4, 0x0102030405060708L);
            v.putInt(2L * PAGE - 2, 0x0a0b0c0d);
            assertEquals(0x0102030405060708L, v.getLong(PAGE - 4));
            v.sync();
            assertEquals(0, v.dirtyPages());
            assertEquals(0x0102030405060708L, v.getLong(PAGE - 4));
            assertEquals(0x0a0b0c0d, v.getInt(2L * PAGE - 2));
        }
        try (JournaledVolume v = open()) {
            assertTrue(v.existed());
            assertEquals(0x0102030405060708L, v.getLong(PAGE - 4));
            assertEquals(0x0a0b0c0d, v.getInt(2L * PAGE - 2));
            byte[] back = new byte[50];
            v.getData(PAGE + 10, back, 0, 50);
            byte[] expected = new byte[50];
            System.arraycopy(data, PAGE + 10 - 100, expected, 0, 50);
            assertArrayEquals(expected, back);
            assertEquals(0, v.getLong(5L * PAGE), "beyond the end reads as zeros");
        }
    }

    @Test
    void dataInputsReadTheDirtyCopyAndTheFile() throws IOException {
        try (JournaledVolume v = open()) {
            v.ensureAvailable(2L * PAGE);
            v.putLong(8, 42);
            assertEquals(42, v.getDataInput(8, 8).readLong());
            v.sync();
            assertEquals(42, v.getDataInput(8, 8).readLong());
            v.putLong(PAGE - 8, 7);
            v.putLong(PAGE, 9);
            var in = v.getDataInput(PAGE - 8, 16);
            assertEquals(7, in.readLong());
            assertEquals(9, in.readLong());
        }
    }

    @Test
    void writesNotCommittedAreGoneAfterACrash() {
        try (JournaledVolume v = open()) {
            v.ensureAvailable(PAGE);
            v.putLong(0, 1);
            v.sync();
            v.putLong(0, 2);
            v.putLong(16, 3);
        }
        try (JournaledVolume v = open()) {
            assertEquals(1, v.getLong(0));
            assertEquals(0, v.getLong(16));
        }
    }

    @Test
    void aCommitWhoseJournalIsWholeIsReplayedWhateverTheStoreFileGot() throws IOException {
        for (int pagesWritten = 0; pagesWritten <= 3; pagesWritten++) {
            Path sub = Files.createDirectories(dir.resolve("case" + pagesWritten));
            int crashAt = pagesWritten;
            JournaledVolume v = JournaledVolume.open(sub.resolve("store"), sub.resolve("journal"), (stage, page) -> {
                if (stage == JournaledVolume.Stage.STORE_FILE && page == crashAt && fault.get() != null) {
                    throw simulated("killed while writing the store file");
                }
            });
            fault.set(null);
            v.ensureAvailable(4L * PAGE);
            for (int p = 0; p < 3; p++) {
                v.putLong((long) p * PAGE, 100 + p);
            }
            v.sync();
            v.checkpoint();
            fault.set(JournaledVolume.Faults.NONE);
            for (int p = 0; p < 3; p++) {
                v.putLong((long) p * PAGE, 200 + p);
            }
            v.sync();
            assertThrows(UncheckedIOException.class, v::checkpoint);
            v.close();
            try (JournaledVolume reopened = JournaledVolume.open(sub.resolve("store"), sub.resolve("journal"))) {
                for (int p = 0; p < 3; p++) {
                    assertEquals(200 + p, reopened.getLong((long) p * PAGE), "crash after " + crashAt + " pages");
                }
            }
        }
    }

    @Test
    void aTornJournalLeavesThePreviousCommit() throws IOException {
        fault.set((stage, page) -> {
            if (stage == JournaledVolume.Stage.STORE_FILE && page == 0) {
                throw simulated("killed after the journal");
            }
        });
        JournaledVolume v = open();
        fault.set(JournaledVolume.Faults.NONE);
        v.ensureAvailable(2L * PAGE);
        v.putLong(0, 1);
        v.putLong(PAGE, 1);
        v.sync();
        v.checkpoint();
        fault.set((stage, page) -> {
            if (stage == JournaledVolume.Stage.STORE_FILE && page == 0) {
                throw simulated("killed after the journal");
            }
        });
        v.putLong(0, 2);
        v.putLong(PAGE, 2);
        v.sync();
        assertThrows(UncheckedIOException.class, v::checkpoint);
        v.close();
        Path journal = dir.resolve("store.journal");
        long length = Files.size(journal);
        for (long cut : new long[] {length - 1, length - PageJournal.TRAILER_BYTES, PageJournal.HEADER_BYTES + 5, 3}) {
            Path copy = dir.resolve("torn");
            Files.createDirectories(copy);
            Files.copy(dir.resolve("store"), copy.resolve("store"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(journal, copy.resolve("journal"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (RandomAccessFile f = new RandomAccessFile(copy.resolve("journal").toFile(), "rw")) {
                f.setLength(cut);
            }
            try (JournaledVolume reopened = JournaledVolume.open(copy.resolve("store"), copy.resolve("journal"))) {
                assertEquals(1, reopened.getLong(0), "journal cut at " + cut);
                assertEquals(1, reopened.getLong(PAGE), "journal cut at " + cut);
            }
        }
        try (RandomAccessFile f = new RandomAccessFile(journal.toFile(), "rw")) {
            f.seek(PageJournal.HEADER_BYTES + 8 + 100);
            f.write(0x77);
        }
        try (JournaledVolume reopened = open()) {
            assertEquals(1, reopened.getLong(0), "a flipped byte fails the checksum");
        }
    }

    /** Faults that fail every write into the store file: a checkpoint never completes, as if killed first. */
    private static void failCheckpoints(AtomicReference<JournaledVolume.Faults> fault) {
        fault.set((stage, page) -> {
            if (stage == JournaledVolume.Stage.STORE_FILE) {
                throw simulated("killed before the checkpoint");
            }
        });
    }

    @Test
    void commitsAppendToTheJournalAndAreAllReplayedInOrder() throws IOException {
        JournaledVolume v = open();
        v.ensureAvailable(3L * PAGE);
        v.putLong(0, 1);
        v.putLong(PAGE, 1);
        v.sync();
        long oneRecord = v.journalBytes();
        v.putLong(0, 2);
        v.sync();
        v.putLong(2L * PAGE, 3);
        v.sync();
        assertTrue(v.journalBytes() > oneRecord, "the journal grows by a record per commit");
        assertEquals(2, v.getLong(0));
        failCheckpoints(fault);
        v.close();
        fault.set(JournaledVolume.Faults.NONE);
        try (JournaledVolume reopened = open()) {
            assertEquals(2, reopened.getLong(0), "the later commit's image of the page wins");
            assertEquals(1, reopened.getLong(PAGE));
            assertEquals(3, reopened.getLong(2L * PAGE));
            assertEquals(0, reopened.journalBytes(), "replayed, then emptied");
        }
    }

    @Test
    void aCheckpointWritesEveryJournaledCommitAndEmptiesTheJournal() throws IOException {
        try (JournaledVolume v = open()) {
            v.ensureAvailable(2L * PAGE);
            v.putLong(0, 1);
            v.sync();
            v.putLong(PAGE, 2);
            v.sync();
            v.checkpoint();
            assertEquals(0, v.journalBytes());
            assertEquals(0, Files.size(dir.resolve("store.journal")));
            assertEquals(1, v.getLong(0));
            assertEquals(2, v.getLong(PAGE));
        }
        try (JournaledVolume reopened = open()) {
            assertEquals(1, reopened.getLong(0));
            assertEquals(2, reopened.getLong(PAGE));
        }
    }

    @Test
    void aTornLastRecordLeavesTheCommitsBeforeIt() throws IOException {
        JournaledVolume v = open();
        v.ensureAvailable(PAGE);
        v.putLong(0, 1);
        v.sync();
        v.putLong(0, 2);
        v.sync();
        long twoRecords = v.journalBytes();
        v.putLong(0, 3);
        v.sync();
        failCheckpoints(fault);
        v.close();
        fault.set(JournaledVolume.Faults.NONE);
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("store.journal").toFile(), "rw")) {
            f.setLength(twoRecords + PageJournal.HEADER_BYTES + 100);
        }
        try (JournaledVolume reopened = open()) {
            assertEquals(2, reopened.getLong(0));
        }
    }

    @Test
    void olderRecordsBehindANewerOneAreNotReplayed() throws IOException {
        JournaledVolume v = open();
        v.ensureAvailable(PAGE);
        for (int value = 1; value <= 3; value++) {
            v.putLong(0, value);
            v.sync();
        }
        byte[] before = Files.readAllBytes(dir.resolve("store.journal"));
        v.checkpoint();
        v.putLong(0, 4);
        v.sync();
        byte[] newer = Files.readAllBytes(dir.resolve("store.journal"));
        assertEquals(before.length / 3, newer.length, "records of one page each are the same size");
        // the emptying of the journal did not reach the disk: the new record lies over the first old one
        byte[] crashed = before.clone();
        System.arraycopy(newer, 0, crashed, 0, newer.length);
        Path copy = Files.createDirectories(dir.resolve("crashed"));
        Files.copy(dir.resolve("store"), copy.resolve("store"));
        Files.write(copy.resolve("journal"), crashed);
        try (JournaledVolume reopened = JournaledVolume.open(copy.resolve("store"), copy.resolve("journal"))) {
            assertEquals(4, reopened.getLong(0), "records 2 and 3 behind record 4 are stale");
        }
        v.close();
    }

    @Test
    void aFailedCommitKeepsItsChangesAndTheNextCommitWritesThem() {
        JournaledVolume v = open();
        v.ensureAvailable(PAGE);
        v.putLong(0, 1);
        fault.set((stage, page) -> {
            throw simulated("No space left on device");
        });
        UncheckedIOException e = assertThrows(UncheckedIOException.class, v::sync);
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertEquals(1, v.getLong(0), "still readable");
        fault.set(JournaledVolume.Faults.NONE);
        v.sync();
        v.close();
        try (JournaledVolume reopened = open()) {
            assertEquals(1, reopened.getLong(0));
        }
    }

    @Test
    void aCleanCloseEmptiesTheJournalAndUnchangedWritesMakeNoPages() throws IOException {
        try (JournaledVolume v = open()) {
            v.ensureAvailable(PAGE);
            v.putLong(0, 5);
            v.sync();
            v.putLong(0, 5);
            v.putInt(0, 0);
            v.putByte(7, (byte) 5);
            v.clear(PAGE, 2L * PAGE);
            assertEquals(0, v.dirtyPages(), "writes of what is there already");
        }
        assertEquals(0, Files.size(dir.resolve("store.journal")));
    }

    @Test
    void aCheckpointWritesThePagesAsCommittedNotAsChangedSince() {
        try (JournaledVolume v = open()) {
            v.ensureAvailable(PAGE);
            v.putLong(0, 1);
            v.putLong(8, 1);
            v.sync();
            v.putLong(0, 99);
            assertEquals(99, v.getLong(0));
            assertEquals(1, v.getLong(8));
            v.checkpoint();
            assertEquals(99, v.getLong(0), "the change since the commit is still seen");
        }
        try (JournaledVolume v = open()) {
            assertEquals(1, v.getLong(0), "the file got the committed page, not the later change");
            assertEquals(1, v.getLong(8));
        }
    }

    @Test
    void aCommitIsReadableAndDurableBeforeItsCheckpoint() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("early"));
        JournaledVolume v = JournaledVolume.open(sub.resolve("store"), sub.resolve("journal"), (stage, page) -> {
            if (stage == JournaledVolume.Stage.STORE_FILE) {
                throw simulated("killed before the checkpoint");
            }
        });
        v.ensureAvailable(PAGE);
        v.putLong(0, 7);
        v.sync();
        assertEquals(7, v.getLong(0));
        v.close();
        try (JournaledVolume reopened = JournaledVolume.open(sub.resolve("store"), sub.resolve("journal"))) {
            assertEquals(7, reopened.getLong(0), "replayed from the journal");
        }
    }

    @Test
    void aSecondOpenOfTheSameFileIsRefused() {
        try (JournaledVolume v = open()) {
            assertThrows(JournaledVolume.FileInUseException.class, this::open);
        }
    }

    /** MapDB's store over the volume: a tree survives reopening, and uncommitted changes do not. */
    @Test
    void mapDbCommitsSurviveAndUncommittedChangesDoNot() {
        Random random = new Random(7);
        byte[][] values = new byte[3000][];
        JournaledVolume volume = open();
        DB db = DBMaker.volumeDB(volume, volume.existed()).make();
        BTreeMap<Long, byte[]> map = db.treeMap("m", Serializer.LONG, Serializer.BYTE_ARRAY).createOrOpen();
        for (int i = 0; i < values.length; i++) {
            values[i] = new byte[random.nextInt(3000)];
            random.nextBytes(values[i]);
            map.put((long) i, values[i]);
            if (i % 500 == 0) {
                db.commit();
            }
        }
        db.commit();
        map.put(-1L, new byte[] {1});
        map.remove(0L);
        volume.close();

        JournaledVolume again = open();
        DB reopened = DBMaker.volumeDB(again, again.existed()).make();
        try {
            BTreeMap<Long, byte[]> back = reopened.treeMap("m", Serializer.LONG, Serializer.BYTE_ARRAY).open();
            assertEquals(values.length, back.size());
            for (int i = 0; i < values.length; i++) {
                assertArrayEquals(values[i], back.get((long) i));
            }
            assertNull(back.get(-1L));
            assertFalse(back.isEmpty());
        } finally {
            reopened.close();
        }
    }

    private static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }
}
