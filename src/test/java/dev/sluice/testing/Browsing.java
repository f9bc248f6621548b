package dev.sluice.testing;

import dev.sluice.core.message.Message;
import dev.sluice.core.queue.Queue;
import dev.sluice.core.queue.QueueBrowser;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Browses a whole queue for a test: every batch of a {@link QueueBrowser}, waited for with a
 * deadline (a disk store answers on its reader thread).
 *
 * <p>Threading: stateless.
 */
public final class Browsing {
    private Browsing() {
    }

    /** Retained copies of everything the browser shows, in order; the caller releases them. */
    public static List<Message> all(Queue queue) {
        QueueBrowser browser = queue.browser();
        List<Message> shown = new ArrayList<>();
        while (!browser.finished()) {
            CompletableFuture<List<Message>> batch = new CompletableFuture<>();
            browser.next(batch::complete);
            try {
                shown.addAll(batch.get(10, TimeUnit.SECONDS));
            } catch (Exception e) {
                shown.forEach(Message::release);
                throw new AssertionError("browsing " + queue + " did not answer", e);
            }
        }
        return shown;
    }

    /** The bodies of everything the browser shows, in order (the copies are released). */
    public static List<String> bodies(Queue queue) {
        List<String> bodies = new ArrayList<>();
        for (Message m : all(queue)) {
            bodies.add(Messages.bodyOf(m));
            m.release();
        }
        return bodies;
    }
}
