package dev.sluice.core.queue;

import dev.sluice.core.message.Message;

/**
 * A message leaving a queue as a dead letter. The letter owns one reference to the message, which
 * whoever handles it releases.
 *
 * <p>Threading: immutable.
 */
public record DeadLetter(Message message, DeathReason reason) {
}
