package dev.sluice.store.mapdb;

import dev.sluice.core.message.Message;
import dev.sluice.core.message.MessageProperties;
import dev.sluice.store.QueueKey;
import dev.sluice.store.StoreSettings;
import dev.sluice.testing.Messages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Semaphore;

/**
 * The process {@link MapDbKillDuringCommitsTest} kills: it stores messages of mixed sizes as fast
 * as the writer commits them (a 1 ms commit interval, so a kill nearly always lands inside a
 * commit), removes older ones as it goes ({@link #removedBy}: all but every 50th, which is
 * small, so the store and its mirror stay small over many cycles), and prints
 * {@code durable N} each time everything up to message N is on disk.
 *
 * <p>Threading: its main thread and the store's writer (which prints).
 */
public final class BusyWriterMain {
    static final QueueKey QUEUE = new QueueKey("/", "q");
    static final int REMOVE_LAG = 300;
    static final int KEEP_EVERY = 50;

    private BusyWriterMain() {
    }

    /** The message that storing message {@code id} removes, or 0 for none. */
    static long removedBy(long id) {
        return id > REMOVE_LAG && mayBeRemoved(id - REMOVE_LAG) ? id - REMOVE_LAG : 0;
    }

    /** True for the messages a later one removes (when the writer lives long enough). */
    static boolean mayBeRemoved(long id) {
        return id % KEEP_EVERY != 0;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long next = Long.parseLong(args[1]);
        Random random = new Random(next);
        MapDbStorage storage = MapDbStorage.open(dir, StoreSettings.mapDb().withCommitInterval(Duration.ofMillis(1)));
        MapDbMessageStore store = storage.messages();
        Semaphore inFlight = new Semaphore(2000);
        for (long id = next; ; id++) {
            inFlight.acquire();
            int padding = mayBeRemoved(id) ? random.nextInt(4000) : 10;
            Message m = Messages.text("m" + id + "-" + "x".repeat(padding),
                    MessageProperties.builder().persistent().build()).withId(id);
            store.enqueue(QUEUE, id, Long.MAX_VALUE, 0, m);
            m.release();
            long removed = removedBy(id);
            if (removed >= next) {
                store.remove(QUEUE, removed);
            }
            long confirmed = id;
            store.whenDurable(() -> {
                inFlight.release();
                if (confirmed % 50 == 0) {
                    System.out.println("durable " + confirmed);
                    System.out.flush();
                }
            });
        }
    }
}
