package dev.sluice.store.mapdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.message.Message;
import dev.sluice.core.message.MessageProperties;
import dev.sluice.store.QueueKey;
import dev.sluice.store.StorageHealth;
import dev.sluice.store.StoreSettings;
import dev.sluice.store.StoredEntry;
import dev.sluice.testing.Messages;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.DuplicatedByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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
    private static final QueueKey QUEUE = new QueueKey("/", "q");
    private static final long WAIT_SECONDS = 10;

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

    /**
     * A heap body that cannot be read while {@link #failing} is set, standing in for a disk that
     * refuses writes: the writer's encoding of the message throws, as a failed write would.
     */
    @SuppressWarnings("deprecation")
    private static final class FlakyBody extends DuplicatedByteBuf {
        volatile boolean failing = true;

        FlakyBody(ByteBuf content) {
            super(content);
        }

        @Override
        public boolean hasMemoryAddress() {
            return false;
        }

        @Override
        public boolean hasArray() {
            return false;
        }

        @Override
        public ByteBuf getBytes(int index, byte[] dst, int dstIndex, int length) {
            if (failing) {
                throw new IllegalStateException("simulated: No space left on device");
            }
            return super.getBytes(index, dst, dstIndex, length);
        }
    }

    @Test
    void aFailedWriteIsReportedAndItsConfirmWaitsUntilAWriteSucceeds() throws InterruptedException {
        RecordingHealth health = new RecordingHealth();
        FlakyBody body = new FlakyBody(Unpooled.copiedBuffer("kept", StandardCharsets.UTF_8));
        MapDbStorage storage = MapDbStorage.open(dir, StoreSettings.mapDb(), health);
        try {
            Message m = Message.builder().body(body).properties(MessageProperties.builder().persistent().build())
                    .build().withId(1);
            storage.messages().enqueue(QUEUE, 1, Long.MAX_VALUE, 0, m);
            m.release();
            CountDownLatch durable = new CountDownLatch(1);
            storage.messages().whenDurable(durable::countDown);

            assertTrue(health.failed.await(WAIT_SECONDS, TimeUnit.SECONDS), "the failure was reported");
            assertFalse(durable.await(0, TimeUnit.SECONDS), "no confirm for what is not on disk");
            assertEquals(0, health.recoveries.get());

            body.failing = false;
            assertTrue(durable.await(WAIT_SECONDS, TimeUnit.SECONDS), "the retried group was committed");
            assertTrue(health.recovered.await(WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals(1, health.recoveries.get());
        } finally {
            storage.close();
        }
        MapDbStorage reopened = MapDbStorage.open(dir, StoreSettings.mapDb());
        try {
            List<StoredEntry> entries = reopened.messages().recover(QUEUE);
            assertEquals(List.of("kept"), entries.stream().map(e -> Messages.bodyOf(e.message())).toList());
        } finally {
            reopened.close();
        }
    }
}
