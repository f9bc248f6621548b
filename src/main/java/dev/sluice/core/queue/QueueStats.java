package dev.sluice.core.queue;

/**
 * A queue's counters at one moment.
 *
 * @param ready messages waiting for a consumer
 * @param unsettled deliveries not yet acknowledged
 * @param readyBytes body bytes of the ready messages
 * @param publishedTotal messages accepted since the queue was made
 * @param deliveredTotal deliveries and gets since the queue was made
 * @param settledTotal deliveries settled as consumed (acks and auto-acks)
 * @param pagedOut ready messages (among {@code ready}) that only the store holds at the moment
 *
 * <p>Threading: immutable.
 */
public record QueueStats(int ready, int unsettled, int consumers, long readyBytes, long publishedTotal,
                         long deliveredTotal, long settledTotal, long pagedOut) {
}
