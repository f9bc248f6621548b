package dev.sluice.core.queue;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory that messages held by queues may use, shared by every queue of a broker. Queues add
 * what they hold (a message's body plus {@link #MESSAGE_OVERHEAD} for the objects around it) when
 * they take a message into memory and subtract it when they let it go; while the budget is
 * exceeded, queues keep new messages in the store only (they page out). The
 * budget has some slack: once exceeded it counts as exceeded until use falls below 90% of the
 * limit, so that queues do not flip between memory and disk with every message.
 *
 * <p>Threading: thread-safe. The count is one atomic; the exceeded flag is re-checked under this
 * object's monitor only when it looks like it should change.
 */
public final class MemoryBudget {
    /** Heap a message held in a queue costs besides its body (entry, message, properties, buffer), an estimate. */
    public static final int MESSAGE_OVERHEAD = 256;
    private static final MemoryBudget UNTRACKED = new MemoryBudget(Long.MAX_VALUE, false);

    private final long limit;
    private final long resumeBelow;
    private final boolean tracking;
    private final AtomicLong used = new AtomicLong();
    private volatile boolean exceeded;

    /** A budget of {@code limit} bytes ({@code Long.MAX_VALUE}: counts, never exceeded). */
    public MemoryBudget(long limit) {
        this(limit, true);
    }

    private MemoryBudget(long limit, boolean tracking) {
        if (limit < 0) {
            throw new IllegalArgumentException("a memory budget cannot be negative: " + limit);
        }
        this.limit = limit;
        this.resumeBelow = limit - limit / 10;
        this.tracking = tracking;
    }

    /** A budget that counts nothing and is never exceeded (for hosts without a broker, such as tests). */
    public static MemoryBudget untracked() {
        return UNTRACKED;
    }

    /** What holding a message with a body of {@code bodySize} bytes costs. */
    static long cost(int bodySize) {
        return (long) bodySize + MESSAGE_OVERHEAD;
    }

    /** A queue (or the delayed messages of a virtual host) took a message of {@code bodySize} body bytes into memory. */
    public void take(int bodySize) {
        if (tracking && used.addAndGet(cost(bodySize)) > limit && !exceeded) {
            recheck();
        }
    }

    /** A queue (or the delayed messages of a virtual host) let go of a message of {@code bodySize} body bytes. */
    public void giveBack(int bodySize) {
        if (tracking && used.addAndGet(-cost(bodySize)) < resumeBelow && exceeded) {
            recheck();
        }
    }

    private synchronized void recheck() {
        long now = used.get();
        if (now > limit) {
            exceeded = true;
        } else if (now < resumeBelow) {
            exceeded = false;
        }
    }

    /** True while queues should keep new persistent messages on disk only. */
    public boolean exceeded() {
        return exceeded;
    }

    /** Bytes counted now. */
    public long used() {
        return used.get();
    }

    public long limit() {
        return limit;
    }

    @Override
    public String toString() {
        return "memory budget " + used.get() + " of " + limit + " bytes" + (exceeded ? " (exceeded)" : "");
    }
}
