package dev.sluice.core.queue;

/**
 * Why a message left a queue as a dead letter, with the {@code reason} value of its
 * {@code x-death} entry.
 *
 * <p>Threading: immutable.
 */
public enum DeathReason {
    REJECTED("rejected"), EXPIRED("expired"), MAXLEN("maxlen"), DELIVERY_LIMIT("delivery_limit");

    private final String headerValue;

    DeathReason(String headerValue) {
        this.headerValue = headerValue;
    }

    public String headerValue() {
        return headerValue;
    }
}
