package dev.sluice.store;

/**
 * A queue's identity in a store: its virtual host and name.
 *
 * <p>Threading: immutable.
 */
public record QueueKey(String vhost, String queue) {
}
