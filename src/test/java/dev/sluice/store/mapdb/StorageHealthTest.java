package dev.sluice.store.mapdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.store.StorageHealth;
import dev.sluice.store.StoreSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage writer tells its {@link StorageHealth} about failed writes (which raise the broker's
 * disk alarm) and about the first write that succeeds again, and holds the confirms meanwhile.
 */
class StorageHealthTest {
    private static final long WAIT_SECONDS = 10;
    private static final long RECORD_ID = 1;
    private static final byte[] RECORD = {4, 2};

    @TempDir
    Path dir;

    /** Counts reports; latches open on the first failure and the first recovery. */
    private static final class RecordingHealth implements StorageHealth {
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger recoveries = new AtomicInteger();
        final CountDownLatch failed = new CountDownLatch(1);
        final CountDownLatch recovered = new CountDownLatch(1);

        @Override
        public void writeFailed(RuntimeException cause) {
            failures.incrementAndGet();
            failed.countDown();
        }

        @Override
        public void writeRecovered() {
            recoveries.incrementAndGet();
            recovered.countDown();
        }
    }

    /** Table writes that fail, standing in for a fault inside MapDB. */
    private static final class FailingApply extends TableWriter {
        FailingApply(MapDbTables tables, MapDbReader reader) {
            super(tables, reader);
        }

        @Override
        int apply(PendingGroup g) {
            super.apply(g);
            throw new IllegalStateException("simulated: a fault inside MapDB after the group was applied");
        }
    }

    /** A group with one definition record and a durability action. */
    private static CountDownLatch recordDefinition(GroupWriter writer, long id, byte[] record) {
        CountDownLatch durable = new CountDownLatch(1);
        PendingGroup g = writer.lockGroup();
        try {
            g.putDefinition(id, record);
            g.addAction(durable::countDown);
        } finally {
            writer.unlockGroup();
        }
        return durable;
    }

    @Test
    void aFailedCommitIsReportedAndItsConfirmWaitsUntilTheDiskHasRoomAgain() throws InterruptedException {
        RecordingHealth health = new RecordingHealth();
        AtomicBoolean diskFull = new AtomicBoolean();
        MapDbTables tables = MapDbTables.open(dir, (stage, page) -> {
            if (diskFull.get()) {
                throw new IOException("simulated: No space left on device");
            }
        });
        diskFull.set(true);
        MapDbReader reader = new MapDbReader(tables, 1 << 20, "test-storage-reader", (queueId, seqs) -> { });
        GroupWriter writer = new GroupWriter(tables, new TableWriter(tables, reader), StoreSettings.mapDb(), health,
                "test-storage-writer");
        writer.start();
        try {
            CountDownLatch durable = recordDefinition(writer, RECORD_ID, RECORD);

            assertTrue(health.failed.await(WAIT_SECONDS, TimeUnit.SECONDS), "the failure was reported");
            assertFalse(durable.await(0, TimeUnit.SECONDS), "no confirm for what is not on disk");
            assertEquals(0, health.recoveries.get());

            diskFull.set(false);
            assertTrue(durable.await(WAIT_SECONDS, TimeUnit.SECONDS), "the retried commit went through");
            assertTrue(health.recovered.await(WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals(1, health.recoveries.get());
        } finally {
            writer.stop();
            reader.close();
            tables.close();
        }
        try (MapDbTables reopened = MapDbTables.open(dir)) {
            assertArrayEquals(RECORD, reopened.definitions.get(RECORD_ID));
        }
    }

    @Test
    void aGroupThatCannotBeAppliedStopsTheWriterAndIsNeverCommitted() throws InterruptedException {
        RecordingHealth health = new RecordingHealth();
        MapDbTables tables = MapDbTables.open(dir);
        MapDbReader reader = new MapDbReader(tables, 1 << 20, "test-storage-reader", (queueId, seqs) -> { });
        GroupWriter good = new GroupWriter(tables, new TableWriter(tables, reader), StoreSettings.mapDb(), health,
                "test-storage-writer");
        good.start();
        assertTrue(recordDefinition(good, RECORD_ID + 1, new byte[] {1}).await(WAIT_SECONDS, TimeUnit.SECONDS));
        good.stop();
        GroupWriter writer = new GroupWriter(tables, new FailingApply(tables, reader), StoreSettings.mapDb(), health,
                "test-storage-writer-2");
        writer.start();
        try {
            CountDownLatch durable = recordDefinition(writer, RECORD_ID, RECORD);
            assertTrue(health.failed.await(WAIT_SECONDS, TimeUnit.SECONDS), "the failure was reported");
            writer.stop();
            assertFalse(durable.await(0, TimeUnit.SECONDS), "no confirm for a group that was not committed");
        } finally {
            reader.close();
            tables.close();
        }
        try (MapDbTables reopened = MapDbTables.open(dir)) {
            assertArrayEquals(new byte[] {1}, reopened.definitions.get(RECORD_ID + 1), "the last commit is intact");
            assertNull(reopened.definitions.get(RECORD_ID), "the half-applied group was not written");
        }
    }
}
