package dev.sluice.amqp10;

import dev.sluice.core.queue.Delivery;
import io.netty.channel.EventLoop;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Carries deliveries from whichever thread a queue dispatches on to the connection's event loop,
 * where they are handed to proton-j and written. One task drains a burst; bodies waiting here
 * count against a high-water mark, past which this connection's consumers report that they
 * cannot take more, so a slow client backs up its queues rather than the broker's memory.
 *
 * <p>Threading: {@link #offer} from any thread; {@link #drainNow} on the event loop only.
 */
final class Outbox {
    private record Item(ConsumeLink link, Delivery delivery) {
    }

    private final EventLoop loop;
    private final long highWaterBytes;
    private final Runnable afterDrain;
    private final ConcurrentLinkedQueue<Item> items = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong pendingBytes = new AtomicLong();
    private volatile boolean overHighWater;

    /** @param afterDrain runs on the event loop after a drain that wrote something */
    Outbox(EventLoop loop, long highWaterBytes, Runnable afterDrain) {
        this.loop = loop;
        this.highWaterBytes = highWaterBytes;
        this.afterDrain = afterDrain;
    }

    /** Queues a delivery whose message the caller has retained. */
    void offer(ConsumeLink link, Delivery delivery) {
        items.add(new Item(link, delivery));
        if (pendingBytes.addAndGet(delivery.message().bodySize()) > highWaterBytes) {
            overHighWater = true;
        }
        if (scheduled.compareAndSet(false, true)) {
            try {
                loop.execute(this::drainScheduled);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the event loop is shutting down with the broker: nobody will write these
                scheduled.set(false);
                dropAll();
            }
        }
    }

    boolean hasRoom() {
        return !overHighWater;
    }

    /** True when the mark had been passed and is now well below: consumers may resume. */
    boolean resetHighWater() {
        if (overHighWater && pendingBytes.get() <= highWaterBytes / 2) {
            overHighWater = false;
            return true;
        }
        return false;
    }

    private void drainScheduled() {
        scheduled.set(false);
        if (drainNow()) {
            afterDrain.run();
        }
    }

    private void dropAll() {
        Item item;
        while ((item = items.poll()) != null) {
            pendingBytes.addAndGet(-item.delivery().message().bodySize());
            item.delivery().message().release();
        }
    }

    /** Hands everything waiting to its link; returns whether there was anything. Event loop only. */
    boolean drainNow() {
        boolean any = false;
        Item item;
        while ((item = items.poll()) != null) {
            pendingBytes.addAndGet(-item.delivery().message().bodySize());
            item.link().write(item.delivery());
            any = true;
        }
        return any;
    }
}
