package dev.sluice.core.queue;

/**
 * What a queue does when a new message would take it past {@code x-max-length} or
 * {@code x-max-length-bytes}, named as RabbitMQ's {@code x-overflow} values.
 *
 * <p>Threading: immutable.
 */
public enum Overflow {
    /** Drop (dead-letter with reason maxlen) the oldest messages until the new one fits. */
    DROP_HEAD("drop-head"),
    /** Refuse the new message; a confirming publisher gets a nack. */
    REJECT_PUBLISH("reject-publish"),
    /** Refuse the new message and dead-letter it. */
    REJECT_PUBLISH_DLX("reject-publish-dlx");

    private final String argumentValue;

    Overflow(String argumentValue) {
        this.argumentValue = argumentValue;
    }

    public String argumentValue() {
        return argumentValue;
    }

    /** The overflow named by an {@code x-overflow} value, or null when there is none. */
    public static Overflow fromArgument(String value) {
        for (Overflow o : values()) {
            if (o.argumentValue.equals(value)) {
                return o;
            }
        }
        return null;
    }
}
