package dev.sluice.core.queue;

import dev.sluice.core.message.Message;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Browses a queue (AMQP 1.0 distribution mode {@code copy}, a JMS QueueBrowser): copies of the
 * messages that were ready when it was opened ({@link Queue#browser()}), in delivery order and in
 * batches, without taking them. Those in memory come at once; those only the store holds (paged
 * out) are read from it a batch at a time, so browsing a long queue never holds more than a batch
 * beyond what the queue holds anyway. A message consumed meanwhile may or may not be shown;
 * messages published after the browser was opened are not.
 *
 * <p>Threading: one {@link #next} at a time: call it again only once the previous one has
 * answered. The answer comes on the calling thread or on the store's reader thread, with no lock
 * held.
 */
public final class QueueBrowser {
    /**
     * One step: the copies found (each retained for the receiver), the position up to which the
     * queue has been looked at, and whether nothing is left after it.
     */
    record Step(List<Message> messages, long reached, boolean end) {
    }

    private final Queue queue;
    private final long untilSeq;
    private volatile long afterSeq = Long.MIN_VALUE;
    private volatile boolean finished;

    QueueBrowser(Queue queue, long untilSeq) {
        this.queue = queue;
        this.untilSeq = untilSeq;
    }

    /** True once every message has been shown (or the queue is gone). */
    public boolean finished() {
        return finished;
    }

    /**
     * Hands the next batch of copies to {@code done}; the receiver owns one reference to each and
     * releases it. The batch is empty only when the browser has finished.
     */
    public void next(Consumer<List<Message>> done) {
        while (!finished) {
            CompletableFuture<Step> step = queue.browseStep(afterSeq, untilSeq);
            if (!step.isDone()) {
                step.thenAccept(s -> {
                    if (passed(s)) {
                        done.accept(s.messages());
                    } else {
                        next(done);
                    }
                });
                return;
            }
            Step s = step.join();
            if (passed(s)) {
                done.accept(s.messages());
                return;
            }
        }
        done.accept(List.of());
    }

    /** Moves past a step; true when it has something to show or was the last one. */
    private boolean passed(Step s) {
        afterSeq = s.reached();
        finished = s.end();
        return !s.messages().isEmpty() || finished;
    }
}
