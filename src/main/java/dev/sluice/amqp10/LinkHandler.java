package dev.sluice.amqp10;

import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Session;

/**
 * What the connection asks of one attached link (kept as the proton link's context).
 *
 * <p>Threading: every method runs on the connection's event loop.
 */
interface LinkHandler {
    /** The session the link belongs to. */
    Session session();

    /** The peer sent a flow frame for this link. */
    default void onFlow() {
    }

    /** A delivery on this link changed: new transfer bytes, or a disposition from the peer. */
    void onDelivery(Delivery delivery);

    /**
     * The link ends: the peer detached it ({@code closed} tells detach from close), its session or
     * connection ended, or the socket went. Called once; releases what the link holds.
     */
    void onGone(boolean closedByPeer);
}
