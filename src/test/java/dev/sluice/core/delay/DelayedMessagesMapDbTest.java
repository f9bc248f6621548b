package dev.sluice.core.delay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.message.Message;
import dev.sluice.core.message.MessageProperties;
import dev.sluice.core.queue.MemoryBudget;
import dev.sluice.store.StoreSettings;
import dev.sluice.store.mapdb.MapDbMessageStore;
import dev.sluice.store.mapdb.MapDbStorage;
import dev.sluice.testing.ManualScheduler;
import dev.sluice.testing.Messages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delayed messages over the MapDB store: what was recorded (and committed) comes back after a
 * clean close and after a crash, with its due time; what fell due while the store was closed is
 * published at once by recovery. The publish path is a list, the clock a manual one.
 */
class DelayedMessagesMapDbTest {
    /** Commits only when asked, so the crash test knows exactly what was committed. */
    private static final StoreSettings ON_REQUEST = StoreSettings.mapDb().withCommitInterval(Duration.ofMinutes(10));

    @TempDir
    Path dir;

    private final ManualScheduler clock = new ManualScheduler();
    private final List<String> published = new ArrayList<>();
    private MapDbMessageStore store;
    private long ids;

    @AfterEach
    void tearDown() {
        if (store != null) {
            store.close();
        }
    }

    private DelayedMessages open() {
        store = MapDbStorage.open(dir, ON_REQUEST).messages();
        return new DelayedMessages("/", store, clock, MemoryBudget.untracked(), m -> {
            published.add(Messages.bodyOf(m));
            m.release();
        });
    }

    private void hold(DelayedMessages delayed, String body, long delay) {
        Message m = Message.builder().exchange("orders").routingKey("k").body(body).id(++ids)
                .properties(MessageProperties.builder().persistent().build()).build();
        delayed.hold(m, clock.nowMillis() + delay);
    }

    private void awaitDurable() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        store.whenDurable(done::countDown);
        store.storage().requestCommit();
        assertTrue(done.await(10, TimeUnit.SECONDS), "the group was committed");
    }

    @Test
    void aCleanRestartBringsBackEveryPersistentDelayedMessage() {
        DelayedMessages delayed = open();
        hold(delayed, "due-while-down", 100);
        hold(delayed, "still-waiting", 10_000);
        delayed.hold(Messages.toExchange("orders", "k", "transient"), clock.nowMillis() + 50);
        delayed.close();
        store.close();
        clock.advance(5_000);

        DelayedMessages recovered = open();
        recovered.recover();
        assertEquals(List.of("due-while-down"), published);
        assertEquals(1, recovered.size());
        assertEquals(clock.nowMillis() + 5_000, recovered.nextDue());
        clock.advance(5_000);
        assertEquals(List.of("due-while-down", "still-waiting"), published);
        assertEquals(0, recovered.size());
    }

    @Test
    void aCrashKeepsWhatWasCommitted() throws Exception {
        DelayedMessages delayed = open();
        hold(delayed, "committed", 1_000);
        awaitDurable();
        hold(delayed, "never committed", 500);
        store.storage().crashForTest();
        delayed.close();
        store = null;

        DelayedMessages recovered = open();
        recovered.recover();
        assertEquals(1, recovered.size());
        clock.advance(1_000);
        assertEquals(List.of("committed"), published);
    }

    @Test
    void aPublishedMessageIsGoneFromTheStore() throws Exception {
        DelayedMessages delayed = open();
        hold(delayed, "once", 10);
        clock.advance(10);
        awaitDurable();
        delayed.close();
        store.close();

        DelayedMessages recovered = open();
        recovered.recover();
        assertEquals(0, recovered.size());
        assertEquals(List.of("once"), published);
        assertEquals(0, store.messageCount());
    }
}
