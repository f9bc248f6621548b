package dev.sluice.core.queue;

/**
 * The answer to a synchronous get (0-9-1 basic.get): one delivery, or none, and how many ready
 * messages remain.
 *
 * <p>Threading: immutable.
 */
public record GetResult(Delivery delivery, int remaining) {
    public boolean isEmpty() {
        return delivery == null;
    }
}
