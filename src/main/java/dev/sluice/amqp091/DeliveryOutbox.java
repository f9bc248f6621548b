package dev.sluice.amqp091;

import dev.sluice.core.queue.Delivery;
import io.netty.channel.EventLoop;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Carries deliveries from whichever thread a queue dispatches on to the connection's event loop,
 * where tags are assigned and frames written. Many deliveries are written per drain and flushed
 * once. Bodies waiting here count against a high-water mark; while it is passed, this
 * connection's consumers report they cannot accept, so a slow client backs up its queues instead
 * of the broker's memory.
 *
 * <p>Threading: {@link #offer} from any thread; {@link #drainNow} on the event loop only.
 */
final class DeliveryOutbox {
    /** A delivery waiting, with its body size read once (the body is shared across threads). */
    private record Item(ChannelConsumer consumer, Delivery delivery, int size) {
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
     * @param onDrained runs on the event loop after each drain that wrote something or found the
     *     high-water mark passed (flush, and resume consumers once the mark is lowered)
     */
    DeliveryOutbox(EventLoop loop, long highWaterBytes, Runnable onDrained) {
        this.loop = loop;
        this.highWaterBytes = highWaterBytes;
        this.onDrained = onDrained;
    }

    /**
     * Queues a delivery whose message the caller has retained for us. The mark is raised before
     * the drain is scheduled, so a drain always runs after it and can lower it again.
     */
    void offer(ChannelConsumer consumer, Delivery delivery) {
        int size = delivery.message().bodySize();
        items.add(new Item(consumer, delivery, size));
        if (pendingBytes.addAndGet(size) > highWaterBytes) {
            overHighWater = true;
        }
        if (drainScheduled.compareAndSet(false, true)) {
            loop.execute(drainTask);
        }
    }

    boolean hasRoom() {
        return !overHighWater;
    }

    /** True when the mark was passed and the drain brought it back under: consumers may resume. */
    boolean resetHighWater() {
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
     * Writes everything waiting (a consumer or channel going away, whose deliveries must leave
     * first); returns whether anything was written. When the high-water mark is up, a scheduled
     * drain follows to lower it and resume consumers. Event loop only.
     */
    boolean drainNow() {
        boolean any = writeAll();
        if (overHighWater && drainScheduled.compareAndSet(false, true)) {
            loop.execute(drainTask);
        }
        return any;
    }

    private boolean writeAll() {
        boolean any = false;
        Item item;
        while ((item = items.poll()) != null) {
            pendingBytes.addAndGet(-item.size());
            item.consumer().write(item.delivery());
            any = true;
        }
        return any;
    }
}
