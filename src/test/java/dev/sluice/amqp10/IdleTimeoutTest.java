package dev.sluice.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.Broker;
import dev.sluice.core.BrokerSettings;
import dev.sluice.security.UserRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Idle timeouts both ways, with a proton-j client engine talking to the handler in memory. */
class IdleTimeoutTest {
    private final Broker broker = new Broker(BrokerSettings.defaults());
    private final Transport client = Transport.Factory.create();
    private final Connection clientConnection = Connection.Factory.create();
    private EmbeddedChannel server;

    @AfterEach
    void close() {
        if (server != null) {
            server.finishAndReleaseAll();
        }
        broker.close();
    }

    private void start(int serverIdleMillis, int clientIdleMillis) {
        Amqp10Settings settings = Amqp10Settings.defaults("test").withAnonymousUser("guest")
                .withIdleTimeoutMillis(serverIdleMillis);
        server = new EmbeddedChannel(new Amqp10Connection(broker, UserRegistry.withDefaultGuest(), settings,
                new ContainerRegistry()));
        client.setIdleTimeout(clientIdleMillis);
        client.bind(clientConnection);
        clientConnection.setContainer("idle-test");
        clientConnection.open();
        exchange();
    }

    /** Moves bytes both ways once; returns how many bytes the server sent. */
    private int exchange() {
        while (client.pending() > 0) {
            ByteBuffer head = client.head();
            int n = client.pending();
            byte[] bytes = new byte[n];
            head.get(bytes);
            client.pop(n);
            server.writeInbound(Unpooled.wrappedBuffer(bytes));
        }
        server.runPendingTasks();
        int received = 0;
        for (Object out; (out = server.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) out;
            received += b.readableBytes();
            while (b.isReadable() && client.capacity() > 0) {
                ByteBuffer tail = client.tail();
                int n = Math.min(tail.remaining(), b.readableBytes());
                int limit = tail.limit();
                tail.limit(tail.position() + n);
                b.readBytes(tail);
                tail.limit(limit);
                client.process();
            }
            b.release();
        }
        return received;
    }

    @Test
    void aSilentClientIsClosedWithResourceLimitExceeded() throws Exception {
        start(200, 0);
        assertEquals(EndpointState.ACTIVE, clientConnection.getRemoteState());
        long end = System.nanoTime() + 3_000_000_000L;
        while (server.isOpen() && System.nanoTime() < end) {
            Thread.sleep(20);
            server.runPendingTasks();
            exchangeServerOnly();
        }
        assertFalse(server.isOpen(), "closed after the idle timeout");
        assertEquals(AmqpError.RESOURCE_LIMIT_EXCEEDED, client.getCondition() != null
                && client.getCondition().getCondition() != null ? client.getCondition().getCondition()
                : clientConnection.getRemoteCondition().getCondition());
    }

    private void exchangeServerOnly() {
        for (Object out; (out = server.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) out;
            while (b.isReadable() && client.capacity() > 0) {
                ByteBuffer tail = client.tail();
                int n = Math.min(tail.remaining(), b.readableBytes());
                int limit = tail.limit();
                tail.limit(tail.position() + n);
                b.readBytes(tail);
                tail.limit(limit);
                client.process();
            }
            b.release();
        }
    }

    @Test
    void theServerKeepsAClientWithAnIdleTimeoutAlive() throws Exception {
        start(0, 300);
        int before = exchange();
        int heartbeats = 0;
        for (int i = 0; i < 40; i++) {
            Thread.sleep(25);
            server.runPendingTasks();
            if (exchange() > 0) {
                heartbeats++;
            }
        }
        assertTrue(heartbeats >= 3, "empty frames at least every 150 ms, saw " + heartbeats + " after " + before);
        assertTrue(server.isOpen());
    }
}
