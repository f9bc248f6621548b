package dev.sluice.store.mapdb;

import dev.sluice.core.message.Message;
import dev.sluice.core.message.MessageProperties;
import dev.sluice.store.QueueKey;
import dev.sluice.store.StoreSettings;
import dev.sluice.testing.Messages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The process {@link MapDbKillTest} kills: stores {@code confirmed} messages, waits until they are
 * durable and says so on stdout, then records more changes (never committed: the commit interval
 * is long) and waits to be killed.
 *
 * <p>Threading: its main thread and the store's writer.
 */
public final class KilledWriterMain {
    static final QueueKey QUEUE = new QueueKey("/", "q");
    static final String DURABLE = "DURABLE";

    private KilledWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int confirmed = Integer.parseInt(args[1]);
        MapDbStorage storage = MapDbStorage.open(dir, StoreSettings.mapDb().withCommitInterval(Duration.ofHours(1)));
        MapDbMessageStore store = storage.messages();
        for (int i = 1; i <= confirmed; i++) {
            enqueue(store, i);
        }
        CountDownLatch durable = new CountDownLatch(1);
        store.whenDurable(durable::countDown);
        storage.requestCommit();
        durable.await();
        System.out.println(DURABLE);
        System.out.flush();
        for (int i = confirmed + 1; i <= confirmed * 2; i++) {
            enqueue(store, i);
        }
        store.remove(QUEUE, 1);
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void enqueue(MapDbMessageStore store, long id) {
        Message m = Messages.text("m" + id, MessageProperties.builder().persistent().build()).withId(id);
        store.enqueue(QUEUE, id, Long.MAX_VALUE, 0, m);
        m.release();
    }
}
