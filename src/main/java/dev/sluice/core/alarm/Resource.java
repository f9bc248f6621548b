package dev.sluice.core.alarm;

/**
 * A resource the broker watches; running low on one raises its alarm, and while any alarm is on,
 * publishing connections are blocked (as RabbitMQ does).
 *
 * <p>Threading: immutable.
 */
public enum Resource {
    /** Memory held by message bodies, against {@link ResourceSettings#memoryHighWatermarkBytes()}. */
    MEMORY("memory"),
    /** Free space for the store, against {@link ResourceSettings#diskFreeLimitBytes()}; also failed writes. */
    DISK("disk");

    private final String label;

    Resource(String label) {
        this.label = label;
    }

    /** The word used in log lines and in RabbitMQ's blocked reason ("low on memory"). */
    public String label() {
        return label;
    }
}
