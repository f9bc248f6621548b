package dev.sluice.amqp10;

import dev.sluice.core.Broker;
import dev.sluice.core.BrokerSettings;
import dev.sluice.security.AccessControl;
import dev.sluice.security.UserRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Transport;

/**
 * A proton-j client engine wired in memory to an {@link Amqp10Connection} on an embedded channel
 * (anonymous access, no SASL), so tests can step both sides by hand and slip in raw bytes.
 *
 * <p>Threading: the test thread only.
 */
final class ProtonPeer implements AutoCloseable {
    final Broker broker = new Broker(BrokerSettings.defaults().withFilters(dev.sluice.amqp10.jms.Selector.LANGUAGE));
    final Transport client = Transport.Factory.create();
    final Connection connection = Connection.Factory.create();
    final EmbeddedChannel server;

    ProtonPeer(Amqp10Settings settings, int clientIdleMillis) {
        server = new EmbeddedChannel(new Amqp10Connection(EndpointServices.of(broker, UserRegistry.withDefaultGuest(),
                AccessControl.withDefaultGuest()), settings));
        client.setIdleTimeout(clientIdleMillis);
        client.bind(connection);
        connection.setContainer("peer");
        connection.open();
    }

    /** What the client engine has to send, taken out of it. */
    byte[] clientOutput() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (client.pending() > 0) {
            ByteBuffer head = client.head();
            int n = client.pending();
            byte[] bytes = new byte[n];
            head.get(bytes);
            client.pop(n);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** Gives the server bytes as one read. */
    void toServer(byte[] bytes) {
        if (bytes.length > 0 && server.isOpen()) {
            server.writeInbound(Unpooled.wrappedBuffer(bytes));
        }
        server.runPendingTasks();
    }

    /** Hands what the server wrote to the client engine; returns how many bytes that was. */
    int toClient() {
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

    /** Both ways once. */
    int exchange() {
        toServer(clientOutput());
        return toClient();
    }

    @Override
    public void close() {
        server.finishAndReleaseAll();
        broker.close();
    }
}
