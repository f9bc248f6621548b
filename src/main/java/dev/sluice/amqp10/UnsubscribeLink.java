package dev.sluice.amqp10;

import java.util.function.Consumer;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;

/**
 * A link attached only to look at a durable subscription, the way Qpid JMS unsubscribes: nothing
 * is delivered; closing the link deletes the subscription.
 *
 * <p>Threading: confined to the connection's event loop.
 */
final class UnsubscribeLink implements LinkHandler {
    private final Sender sender;
    private final Consumer<Boolean> onGone;

    UnsubscribeLink(Sender sender, Consumer<Boolean> onGone) {
        this.sender = sender;
        this.onGone = onGone;
    }

    @Override
    public Session session() {
        return sender.getSession();
    }

    @Override
    public void onDelivery(Delivery delivery) {
    }

    @Override
    public void onGone(boolean closedByPeer) {
        onGone.accept(closedByPeer);
    }
}
