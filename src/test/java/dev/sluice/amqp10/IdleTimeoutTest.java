package dev.sluice.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.EndpointState;
import org.junit.jupiter.api.Test;

/** Idle timeouts both ways, with a proton-j client engine talking to the handler in memory. */
class IdleTimeoutTest {
    private static Amqp10Settings settings(int serverIdleMillis) {
        return Amqp10Settings.defaults("test").withAnonymousUser("guest").withIdleTimeoutMillis(serverIdleMillis);
    }

    @Test
    void aSilentClientIsClosedWithResourceLimitExceeded() throws Exception {
        try (ProtonPeer peer = new ProtonPeer(settings(200), 0)) {
            peer.exchange();
            assertEquals(EndpointState.ACTIVE, peer.connection.getRemoteState());
            long end = System.nanoTime() + 3_000_000_000L;
            while (peer.server.isOpen() && System.nanoTime() < end) {
                Thread.sleep(20);
                peer.toClient();
            }
            peer.toClient();
            assertFalse(peer.server.isOpen(), "closed after the idle timeout");
            ErrorCondition c = peer.connection.getRemoteCondition();
            assertEquals(AmqpError.RESOURCE_LIMIT_EXCEEDED, c.getCondition(), c::toString);
        }
    }

    @Test
    void theServerKeepsAClientWithAnIdleTimeoutAlive() throws Exception {
        try (ProtonPeer peer = new ProtonPeer(settings(0), 300)) {
            peer.exchange();
            int heartbeats = 0;
            for (int i = 0; i < 40; i++) {
                Thread.sleep(25);
                if (peer.toClient() > 0) {
                    heartbeats++;
                }
            }
            assertTrue(heartbeats >= 3, "empty frames at least every 150 ms, saw " + heartbeats);
            assertTrue(peer.server.isOpen());
        }
    }
}
