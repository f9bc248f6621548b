package dev.sluice.core.queue;

import dev.sluice.core.message.Message;

/**
 * One message handed to a consumer.
 *
 * @param deliveryId the message's id within its queue; settle with it
 * @param redelivered true when the message was delivered before and came back
 * @param deliveryCount how many earlier deliveries failed (requeued with counting)
 *
 * <p>The message is lent for the duration of {@link DeliverySink#deliver}: a sink that keeps the
 * body beyond the call (to write it later on an event loop) takes its own reference with
 * {@link Message#retain()} and releases it when written.
 *
 * <p>Threading: immutable.
 */
public record Delivery(String queue, long deliveryId, Message message, boolean redelivered, int deliveryCount) {
}
