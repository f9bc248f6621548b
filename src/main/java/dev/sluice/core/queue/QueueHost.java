package dev.sluice.core.queue;

import dev.sluice.core.Scheduler;
import dev.sluice.store.MessageStore;
import java.util.List;

/**
 * What a queue needs from its virtual host. Implemented by the virtual host; tests implement it
 * on plain objects.
 *
 * <p>Threading: {@link #deadLetter} and {@link #removeQueue} are called without the queue's lock
 * held, from any thread, and must be thread-safe.
 */
public interface QueueHost {
    String vhostName();

    Scheduler scheduler();

    MessageStore store();

    /** How the queues of this host page out and the memory budget they share; by default they never page out. */
    default QueuePaging paging() {
        return QueuePaging.NEVER;
    }

    /**
     * The language of queue selectors ({@link QueueDefinition#SELECTOR_ARGUMENT}); by default
     * none, so a queue with a selector cannot be made.
     */
    default FilterLanguage filterLanguage() {
        return FilterLanguage.NONE;
    }

    /** Routes dead letters to the queue's dead-letter exchange (or drops them); owns their references. */
    void deadLetter(Queue source, List<DeadLetter> letters);

    /** The queue asks to be deleted: auto-delete after its last consumer, or {@code x-expires}. */
    void removeQueue(Queue queue);
}
