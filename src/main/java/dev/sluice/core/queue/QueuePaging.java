package dev.sluice.core.queue;

/**
 * What a queue needs to page: the settings and the memory budget its broker shares among all
 * queues.
 *
 * <p>Threading: immutable (the budget is thread-safe).
 */
public record QueuePaging(PagingSettings settings, MemoryBudget budget) {
    /** No paging and no counting: for queue hosts without a broker. */
    public static final QueuePaging NEVER = new QueuePaging(PagingSettings.never(), MemoryBudget.untracked());
}
