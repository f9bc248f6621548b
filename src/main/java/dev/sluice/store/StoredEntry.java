package dev.sluice.store;

import dev.sluice.core.message.Message;

/**
 * A message's place in a queue as a store keeps it: everything a queue needs to rebuild that
 * place after a restart.
 *
 * @param seq the message's position in the queue (its order)
 * @param messageId the broker-wide id shared by every queue the message went to
 * @param expiresAt absolute expiry in epoch milliseconds, {@code Long.MAX_VALUE} when none
 * @param message the message; may be null in a page-out store until {@link MessageStore#load} is called
 *
 * <p>Threading: immutable.
 */
public record StoredEntry(long seq, long messageId, long expiresAt, int priority, int deliveryCount,
                          boolean redelivered, Message message) {
}
