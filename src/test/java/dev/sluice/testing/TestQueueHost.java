package dev.sluice.testing;

import dev.sluice.core.Scheduler;
import dev.sluice.core.queue.DeadLetter;
import dev.sluice.core.queue.MemoryBudget;
import dev.sluice.core.queue.PagingSettings;
import dev.sluice.core.queue.Queue;
import dev.sluice.core.queue.QueueArguments;
import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.queue.QueueHost;
import dev.sluice.core.queue.QueuePaging;
import dev.sluice.store.MessageStore;
import dev.sluice.store.QueueKey;
import dev.sluice.store.StoredEntry;
import dev.sluice.store.memory.MemoryMessageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A queue host on plain objects: records dead letters (body and reason) and removal requests. Its
 * in-memory store answers reads at once, or holds the answers until the test lets them go
 * ({@link #holdReads()}, {@link #releaseReads()}); its queues page out as the test sets
 * ({@link #paging(long, int)}), by default never.
 *
 * <p>Threading: synchronized.
 */
public final class TestQueueHost implements QueueHost {
    public final ManualScheduler scheduler = new ManualScheduler();
    private final List<Runnable> heldReads = new ArrayList<>();
    private boolean holdingReads;
    public final MemoryMessageStore store = new MemoryMessageStore(this::answerRead);
    private final List<String> deadLetters = new ArrayList<>();
    private final List<Queue> removed = new ArrayList<>();
    private QueuePaging paging = QueuePaging.NEVER;

    private void answerRead(Runnable answer) {
        synchronized (this) {
            if (holdingReads) {
                heldReads.add(answer);
                return;
            }
        }
        answer.run();
    }

    /** From now on, answers to reads wait for {@link #releaseReads()}. */
    public synchronized void holdReads() {
        holdingReads = true;
    }

    /** Delivers the answers held so far, in order, and stops holding; returns how many there were. */
    public int releaseReads() {
        List<Runnable> answers;
        synchronized (this) {
            holdingReads = false;
            answers = List.copyOf(heldReads);
            heldReads.clear();
        }
        answers.forEach(Runnable::run);
        return answers.size();
    }

    /** Queues made after this call page out beyond {@code budgetBytes}, with a head window of {@code windowEntries}. */
    public synchronized void paging(long budgetBytes, int windowEntries) {
        paging = new QueuePaging(new PagingSettings(budgetBytes, windowEntries, Long.MAX_VALUE / 2),
                new MemoryBudget(budgetBytes));
    }

    /** Queues made after this call never page out but read back in batches of {@code windowEntries}. */
    public void pagingWindow(int windowEntries) {
        paging(Long.MAX_VALUE, windowEntries);
    }

    public synchronized MemoryBudget budget() {
        return paging.budget();
    }

    @Override
    public synchronized QueuePaging paging() {
        return paging;
    }

    /** The entries the store holds for a queue (their messages already released). */
    public List<StoredEntry> storedEntries(QueueKey queue) {
        List<StoredEntry> entries = store.recover(queue);
        entries.forEach(e -> e.message().release());
        return entries;
    }

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
