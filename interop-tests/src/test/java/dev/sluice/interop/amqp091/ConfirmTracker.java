package dev.sluice.interop.amqp091;

import com.rabbitmq.client.ConfirmListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Records publisher confirms by sequence number, expanding {@code multiple=true} to every
 * sequence number not yet confirmed, and notes when a sequence number is confirmed twice.
 *
 * <p>Threading: the client's connection thread records; the test thread reads after
 * {@code waitForConfirms}; every method is synchronized.
 */
final class ConfirmTracker implements ConfirmListener {
    private final Set<Long> acked = new TreeSet<>();
    private final Set<Long> nacked = new TreeSet<>();
    private final List<String> events = new ArrayList<>();
    private final List<Long> confirmedTwice = new ArrayList<>();

    @Override
    public synchronized void handleAck(long deliveryTag, boolean multiple) {
        record(acked, deliveryTag, multiple);
        events.add("ack");
    }

    @Override
    public synchronized void handleNack(long deliveryTag, boolean multiple) {
        record(nacked, deliveryTag, multiple);
        events.add("nack");
    }

    /** Notes a basic.return among the confirms, to check their order. */
    synchronized void returned() {
        events.add("return");
    }

    synchronized Set<Long> acked() {
        return new TreeSet<>(acked);
    }

    synchronized Set<Long> nacked() {
        return new TreeSet<>(nacked);
    }

    /** "ack", "nack" and "return" in the order the client saw them. */
    synchronized List<String> events() {
        return List.copyOf(events);
    }

    synchronized List<Long> confirmedTwice() {
        return List.copyOf(confirmedTwice);
    }

    private void record(Set<Long> into, long deliveryTag, boolean multiple) {
        if (acked.contains(deliveryTag) || nacked.contains(deliveryTag)) {
            confirmedTwice.add(deliveryTag);
        }
        for (long tag = multiple ? 1 : deliveryTag; tag <= deliveryTag; tag++) {
            if (!acked.contains(tag) && !nacked.contains(tag)) {
                into.add(tag);
            }
        }
    }
}
