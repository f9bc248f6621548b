package dev.sluice.store.mapdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.store.StorageHealth;
import dev.sluice.store.StoreSettings;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

    /** Table writes that fail while {@link #failing} is set, standing in for a disk that is full. */
    private static final class FlakyWrites extends TableWriter {
        volatile boolean failing = true;

        FlakyWrites(MapDbTables tables, MapDbReader reader) {
            super(tables, reader);
        }

        @Override
        int apply(PendingGroup g) {
            if (failing) {
                throw new IllegalStateException("simulated: No space left on device");
            }
            return super.apply(g);
        }
    }

    @Test
    void aFailedWriteIsReportedAndItsConfirmWaitsUntilAWriteSucceeds() throws InterruptedException {
        RecordingHealth health = new RecordingHealth();
        MapDbTables tables = MapDbTables.open(dir);
        MapDbReader reader = new MapDbReader(tables, 1 << 20, "test-storage-reader", (queueId, seqs) -> { });
        FlakyWrites writes = new FlakyWrites(tables, reader);
        GroupWriter writer = new GroupWriter(tables, writes, StoreSettings.mapDb(), health, "test-storage-writer");
        writer.start();
        try {
            CountDownLatch durable = new CountDownLatch(1);
            PendingGroup g = writer.lockGroup();
            try {
                g.putDefinition(RECORD_ID, RECORD);
                g.addAction(durable::countDown);
            } finally {
                writer.unlockGroup();
            }

            assertTrue(health.failed.await(WAIT_SECONDS, TimeUnit.SECONDS), "the failure was reported");
            assertFalse(durable.await(0, TimeUnit.SECONDS), "no confirm for what is not on disk");
            assertEquals(0, health.recoveries.get());

            writes.failing = false;
            assertTrue(durable.await(WAIT_SECONDS, TimeUnit.SECONDS), "the retried group was committed");
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
}
