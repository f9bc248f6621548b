package dev.sluice.transport;

import dev.sluice.core.queue.Delivery;
import io.netty.channel.EventLoop;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Carries deliveries from whichever thread a queue dispatches on to a connection's event loop,
 * where the protocol adapter encodes and writes them; one task writes a whole burst, so the
 * adapter can flush once per drain. Bodies waiting here count against a high-water mark: while it
 * is passed, {@link #hasRoom()} is false and the connection's consumers report that they cannot
 * take more, so a slow client backs up its queues rather than the broker's memory. Both protocol
 * endpoints use it.
 *
 * <p>Threading: {@link #offer}, {@link #hasRoom} from any thread; {@link #drainNow} and
 * {@link #resetHighWater} on the event loop only.
 */
public final class DeliveryOutbox {
    /** Where a delivery is written, on the event loop (a 0-9-1 consumer, a 1.0 link). */
    @FunctionalInterface
    public interface Target {
        void write(Delivery delivery);
    }

    /** A delivery waiting, with its body size read once (the body is shared across threads). */
    private record Item(Target target, Delivery delivery, int size) {
    }

    private final EventLoop loop;
    private final long highWaterBytes;
    private final Runnable onDrained;
    private final ConcurrentLinkedQueue<Item> items = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong pendingBytes = new AtomicLong();
    private volatile boolean overHighWater;
    private final Runnable drainTask = this::drainScheduled;

    /**
     * @param onDrained runs on the event loop after each scheduled drain that wrote something or
     *     found the high-water mark passed (flush, and resume consumers once the mark is lowered)
     */
    public DeliveryOutbox(EventLoop loop, long highWaterBytes, Runnable onDrained) {
        this.loop = loop;
        this.highWaterBytes = highWaterBytes;
        this.onDrained = onDrained;
    }

    /**
     * Queues a delivery whose message the caller has retained for us. The mark is raised before
     * the drain is scheduled, so a drain always runs after it and can lower it again. When the
     * event loop is shutting down with the broker nobody will write, and the message is released.
     */
    public void offer(Target target, Delivery delivery) {
        int size = delivery.message().bodySize();
        items.add(new Item(target, delivery, size));
        if (pendingBytes.addAndGet(size) > highWaterBytes) {
            overHighWater = true;
        }
        schedule();
    }

    private void schedule() {
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                loop.execute(drainTask);
            } catch (RejectedExecutionException e) {
                drainScheduled.set(false);
                dropAll();
            }
        }
    }

    public boolean hasRoom() {
        return !overHighWater;
    }

    /** True when the mark was passed and the drains brought it back under: consumers may resume. */
    public boolean resetHighWater() {
        if (overHighWater && pendingBytes.get() <= highWaterBytes / 2) {
            overHighWater = false;
            return true;
        }
        return false;
    }

    private void drainScheduled() {
        drainScheduled.set(false);
        // Also after a drain that found nothing: an offer may have passed the mark just after the
        // previous drain took its item, and only this check lets the paused consumers go on.
        if (writeAll() || overHighWater) {
            onDrained.run();
        }
    }

    /**
     * Writes everything waiting (a consumer or link going away, whose deliveries must leave
     * first); returns whether anything was written. When the high-water mark is up, a scheduled
     * drain follows to lower it and resume consumers. Event loop only.
     */
    public boolean drainNow() {
        boolean any = writeAll();
        if (overHighWater) {
            schedule();
        }
        return any;
    }

    private boolean writeAll() {
        boolean any = false;
        Item item;
        while ((item = items.poll()) != null) {
            pendingBytes.addAndGet(-item.size());
            item.target().write(item.delivery());
            any = true;
        }
        return any;
    }

    private void dropAll() {
        Item item;
        while ((item = items.poll()) != null) {
            pendingBytes.addAndGet(-item.size());
            item.delivery().message().release();
        }
    }
}
