package dev.sluice.interop.amqp10;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.message.Message;

/**
 * A blocking AMQP 1.0 client on a raw proton-j engine and a plain socket: enough to test address
 * formats, settlement modes and refusals frame by frame, without a client library's own rules.
 *
 * <p>Threading: one test thread.
 */
final class ProtonClient implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Transport transport = Transport.Factory.create();
    private final Connection connection = Connection.Factory.create();
    private final Collector collector = Collector.Factory.create();
    private final Session session;
    private int tag;

    ProtonClient(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(20);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        connection.collect(collector);
        Sasl sasl = transport.sasl();
        sasl.client();
        sasl.plain("guest", "guest");
        transport.bind(connection);
        connection.setContainer("proton-client-" + System.nanoTime());
        connection.setHostname("localhost");
        connection.open();
        session = connection.session();
        session.open();
        await(() -> connection.getRemoteState() == EndpointState.ACTIVE, "connection open");
    }

    /** A sending link to {@code address} (null: anonymous relay), attached or refused. */
    Sender sender(String address) {
        Sender s = session.sender("sender-" + (++tag));
        Target t = new Target();
        t.setAddress(address);
        s.setTarget(t);
        s.setSource(new Source());
        s.open();
        await(() -> s.getRemoteState() != EndpointState.UNINITIALIZED, "attach of " + address);
        return s;
    }

    /** A receiving link from {@code address} with the given settle mode, and {@code credit}. */
    Receiver receiver(String address, SenderSettleMode mode, int credit) {
        Receiver r = session.receiver("receiver-" + (++tag));
        Source src = new Source();
        src.setAddress(address);
        r.setSource(src);
        r.setTarget(new Target());
        r.setSenderSettleMode(mode);
        r.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        r.open();
        await(() -> r.getRemoteState() != EndpointState.UNINITIALIZED, "attach of " + address);
        if (credit > 0) {
            r.flow(credit);
        }
        return r;
    }

    /** Sends and waits for the outcome (null when the link was closed instead). */
    DeliveryState send(Sender s, Message m) {
        Delivery d = s.delivery(new byte[] {(byte) ++tag});
        byte[] buf = new byte[1 << 20];
        int n = m.encode(buf, 0, buf.length);
        s.send(buf, 0, n);
        s.advance();
        await(() -> d.getRemoteState() != null || s.getRemoteState() == EndpointState.CLOSED, "outcome");
        DeliveryState state = d.getRemoteState();
        d.settle();
        return state;
    }

    /** Sends raw payload bytes as one message (for malformed-message tests). */
    DeliveryState sendRaw(Sender s, byte[] payload) {
        Delivery d = s.delivery(new byte[] {(byte) ++tag});
        s.send(payload, 0, payload.length);
        s.advance();
        await(() -> d.getRemoteState() != null || s.getRemoteState() == EndpointState.CLOSED, "outcome");
        return d.getRemoteState();
    }

    /** The next complete delivery on {@code r}, or null within {@code millis}. */
    Delivery next(Receiver r, long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            Delivery d = r.current();
            if (d != null && d.isReadable() && !d.isPartial()) {
                return d;
            }
            pumpOnce();
        }
        return null;
    }

    static Message decode(Receiver r, Delivery d) {
        byte[] bytes = new byte[d.available()];
        r.recv(bytes, 0, bytes.length);
        r.advance();
        Message m = Message.Factory.create();
        m.decode(bytes, 0, bytes.length);
        return m;
    }

    void settle(Delivery d, DeliveryState outcome) {
        d.disposition(outcome);
        d.settle();
        pumpOnce();
    }

    /** Waits until the peer closed the link; returns its error condition. */
    ErrorCondition awaitClosed(org.apache.qpid.proton.engine.Link link) {
        await(() -> link.getRemoteState() == EndpointState.CLOSED, "link closed");
        return link.getRemoteCondition();
    }

    ErrorCondition awaitConnectionClosed() {
        await(() -> connection.getRemoteState() == EndpointState.CLOSED || transport.isClosed(), "connection closed");
        return connection.getRemoteCondition() != null ? connection.getRemoteCondition() : transport.getCondition();
    }

    Connection connection() {
        return connection;
    }

    /** Writes raw bytes to the socket, bypassing the engine. */
    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void await(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            pumpOnce();
        }
    }

    void pumpOnce() {
        try {
            while (transport.pending() > 0) {
                ByteBuffer head = transport.head();
                int n = transport.pending();
                byte[] b = new byte[n];
                head.get(b);
                transport.pop(n);
                out.write(b);
            }
            out.flush();
            byte[] buf = new byte[65536];
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                n = 0;
            }
            if (n < 0) {
                transport.close_tail();
            } else if (n > 0) {
                int off = 0;
                while (off < n && transport.capacity() > 0) {
                    ByteBuffer tail = transport.tail();
                    int chunk = Math.min(tail.remaining(), n - off);
                    tail.put(buf, off, chunk);
                    transport.process();
                    off += chunk;
                }
            }
            while (collector.peek() != null) {
                collector.pop();
            }
        } catch (IOException e) {
            transport.close_tail();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (connection.getLocalState() == EndpointState.ACTIVE) {
                connection.close();
                pumpOnce();
            }
        } finally {
            socket.close();
        }
    }
}
