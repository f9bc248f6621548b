package dev.sluice.bench.jms;

import jakarta.jms.DeliveryMode;

/** What the producer sends and how it waits for the broker. */
enum Mode {
    /** Non-persistent messages; Qpid JMS sends them asynchronously by default (no wait for the outcome). */
    NONPERSISTENT("nonpersistent", DeliveryMode.NON_PERSISTENT, ""),
    /**
     * Persistent messages, sent synchronously as JMS requires by default: each {@code send} returns
     * when the broker has settled the transfer (Sluice and Artemis do so once it is on disk).
     */
    PERSISTENT("persistent", DeliveryMode.PERSISTENT, ""),
    /**
     * Persistent messages with Qpid JMS's {@code jms.forceAsyncSend=true}: {@code send} returns once
     * the transfer is written, and the producer is held back only by link credit.
     */
    PERSISTENT_ASYNC("persistent-async", DeliveryMode.PERSISTENT, "jms.forceAsyncSend=true");

    private final String argument;
    private final int deliveryMode;
    private final String uriOptions;

    Mode(String argument, int deliveryMode, String uriOptions) {
        this.argument = argument;
        this.deliveryMode = deliveryMode;
        this.uriOptions = uriOptions;
    }

    String argument() {
        return argument;
    }

    int deliveryMode() {
        return deliveryMode;
    }

    /** Qpid JMS connection-URI options this mode adds, or an empty string. */
    String uriOptions() {
        return uriOptions;
    }

    static Mode parse(String text) {
        for (Mode mode : values()) {
            if (mode.argument.equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + text + "' (nonpersistent, persistent, persistent-async)");
    }
}
