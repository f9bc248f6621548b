package dev.sluice.core.queue;

/**
 * What a queue did with a message offered to it.
 *
 * <p>Threading: immutable.
 */
public enum EnqueueResult {
    /** Accepted (it may already have gone to a consumer). */
    ACCEPTED,
    /** Refused by {@code x-overflow = reject-publish} or {@code reject-publish-dlx}. */
    REFUSED_OVERFLOW,
    /** The queue was deleted in the meantime; counts as not routed. */
    QUEUE_GONE,
    /** The queue's selector does not select it ({@link QueueDefinition#SELECTOR_ARGUMENT}); counts as not routed. */
    NOT_SELECTED
}
