package dev.sluice.testing;

import dev.sluice.core.Scheduler;
import dev.sluice.core.queue.DeadLetter;
import dev.sluice.core.queue.Queue;
import dev.sluice.core.queue.QueueArguments;
import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.queue.QueueHost;
import dev.sluice.store.MessageStore;
import dev.sluice.store.memory.MemoryMessageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A queue host on plain objects: records dead letters (body and reason) and removal requests.
 *
 * <p>Threading: synchronized.
 */
public final class TestQueueHost implements QueueHost {
    public final ManualScheduler scheduler = new ManualScheduler();
    public final MemoryMessageStore store = new MemoryMessageStore();
    private final List<String> deadLetters = new ArrayList<>();
    private final List<Queue> removed = new ArrayList<>();

    @Override
    public String vhostName() {
        return "/";
    }

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public MessageStore store() {
        return store;
    }

    @Override
    public synchronized void deadLetter(Queue source, List<DeadLetter> letters) {
        for (DeadLetter l : letters) {
            deadLetters.add(Messages.bodyOf(l.message()) + ":" + l.reason().headerValue());
            l.message().release();
        }
    }

    @Override
    public synchronized void removeQueue(Queue queue) {
        removed.add(queue);
    }

    /** "body:reason" for each dead letter, in order. */
    public synchronized List<String> deadLetters() {
        return List.copyOf(deadLetters);
    }

    public synchronized boolean removalRequested(Queue q) {
        return removed.contains(q);
    }

    /** A queue named "q" with the given arguments. */
    public Queue queue(Map<String, Object> args) {
        return queue(QueueDefinition.transientQueue("q", args));
    }

    public Queue queue(QueueDefinition def) {
        return new Queue(def, QueueArguments.parse(def.name(), "/", def.arguments()), null, this);
    }
}
