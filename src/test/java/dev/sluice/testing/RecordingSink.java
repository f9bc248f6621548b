package dev.sluice.testing;

import dev.sluice.core.queue.Delivery;
import dev.sluice.core.queue.DeliverySink;
import dev.sluice.core.queue.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A consumer for tests: records each delivery (body as text) and whether the broker cancelled it.
 *
 * <p>Threading: synchronized.
 */
public final class RecordingSink implements DeliverySink {
    private final List<Delivery> deliveries = new ArrayList<>();
    private final List<String> bodies = new ArrayList<>();
    private boolean accepting = true;
    private boolean cancelledByBroker;

    @Override
    public synchronized void deliver(Subscription subscription, Delivery delivery) {
        deliveries.add(delivery);
        bodies.add(delivery.message().body().toString(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized boolean canAccept() {
        return accepting;
    }

    public synchronized void setAccepting(boolean value) {
        accepting = value;
    }

    @Override
    public synchronized void cancelledByBroker(Subscription subscription) {
        cancelledByBroker = true;
    }

    public synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    public synchronized List<String> bodies() {
        return List.copyOf(bodies);
    }

    public synchronized Delivery last() {
        return deliveries.get(deliveries.size() - 1);
    }

    public synchronized boolean wasCancelledByBroker() {
        return cancelledByBroker;
    }
}
