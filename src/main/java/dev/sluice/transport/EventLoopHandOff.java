package dev.sluice.transport;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Hands work from other threads (the storage writer running {@code whenDurable} actions) to a
 * connection's event loop in bursts: however many tasks arrive while one hop is pending, the
 * event loop runs them all in one go and then {@code afterBurst} once (send the confirms or
 * dispositions, flush the socket). A group commit of many persistent messages therefore costs
 * one event-loop task and one flush, not one of each per message.
 *
 * <p>Threading: {@link #execute} from any thread; the tasks and {@code afterBurst} run on the
 * event loop, through the connection's own {@code runOnLoop}.
 */
public final class EventLoopHandOff {
    private final Consumer<Runnable> runOnLoop;
    private final Runnable afterBurst;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable burst = this::runBurst;

    /**
     * @param runOnLoop  how the connection runs a task on its event loop (it may skip tasks once
     *                   the connection is gone)
     * @param afterBurst runs on the event loop after each burst
     */
    public EventLoopHandOff(Consumer<Runnable> runOnLoop, Runnable afterBurst) {
        this.runOnLoop = runOnLoop;
        this.afterBurst = afterBurst;
    }

    /** Queues a task for the event loop; the first task of a burst schedules the hop. */
    public void execute(Runnable task) {
        tasks.add(task);
        if (scheduled.compareAndSet(false, true)) {
            try {
                runOnLoop.accept(burst);
            } catch (RejectedExecutionException e) {
                // the event loop is shutting down with the broker: nobody is left to tell
                scheduled.set(false);
                tasks.clear();
            }
        }
    }

    /** The flag is cleared first, so a task added while this runs schedules another burst. */
    private void runBurst() {
        scheduled.set(false);
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
        afterBurst.run();
    }
}
