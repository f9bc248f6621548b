package dev.sluice.interop;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A plain TCP connection for sending a broker exact bytes and reading exactly what comes back:
 * protocol headers, broken frames. Every read waits at most the given read timeout.
 *
 * <p>Threading: not thread-safe; use from one test thread.
 */
public final class RawConnection implements AutoCloseable {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private final Socket socket;
    private final InputStream in;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** Connects with TCP_NODELAY, so each {@link #send} leaves at once as its own segment. */
    public static RawConnection open(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, (int) CONNECT_TIMEOUT.toMillis());
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        return new RawConnection(socket);
    }

    public void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Reads exactly {@code count} bytes; fails when the connection ends or stays silent first. */
    public byte[] readExactly(int count) throws IOException {
        byte[] bytes = in.readNBytes(count);
        if (bytes.length < count) {
            throw new EOFException("connection ended after " + bytes.length + " of " + count + " bytes");
        }
        return bytes;
    }

    /** Reads one octet, or -1 when the peer has closed the connection. */
    public int readOctet() throws IOException {
        return in.read();
    }

    /** Whether the peer closed the connection (the next read sees end of stream). */
    public boolean isClosedByPeer() throws IOException {
        return in.read() == -1;
    }

    /** Whether nothing at all arrives within {@code quietTime} (the connection stays open and silent). */
    public boolean staysSilentFor(Duration quietTime) throws IOException {
        socket.setSoTimeout((int) quietTime.toMillis());
        try {
            in.read();
            return false;
        } catch (SocketTimeoutException expected) {
            return true;
        } finally {
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
