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
    private record Item(ChannelConsumer consumer, Delivery delivery) {
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
     * @param onDrained runs on the event loop after each drain that wrote something (flush, and
     *     resume consumers when the high-water mark was passed)
     */
    DeliveryOutbox(EventLoop loop, long highWaterBytes, Runnable onDrained) {
        this.loop = loop;
        this.highWaterBytes = highWaterBytes;
        this.onDrained = onDrained;
    }

    /** Queues a delivery whose message the caller has retained for us. */
    void offer(ChannelConsumer consumer, Delivery delivery) {
        items.add(new Item(consumer, delivery));
        if (pendingBytes.addAndGet(delivery.message().bodySize()) > highWaterBytes) {
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
        if (drainNow()) {
            onDrained.run();
        }
    }

    /** Writes everything waiting; returns whether anything was written. Event loop only. */
    boolean drainNow() {
        boolean any = false;
        Item item;
        while ((item = items.poll()) != null) {
            pendingBytes.addAndGet(-item.delivery().message().bodySize());
            item.consumer().write(item.delivery());
            any = true;
        }
        return any;
    }
}
