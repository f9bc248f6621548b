package dev.sluice.interop.amqp091;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.sluice.interop.RawConnection;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * A hand-written AMQP 0-9-1 client for the malformed-frame tests: it does the handshake itself
 * (protocol header, start-ok with PLAIN guest/guest, tune-ok, open) and then sends whatever frames
 * a test builds, well-formed or not, reading the broker's frames back one by one.
 *
 * <p>Threading: not thread-safe; use from one test thread.
 */
final class RawAmqpClient implements AutoCloseable {
    static final byte[] PROTOCOL_HEADER = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};
    static final int FRAME_METHOD = 1;
    static final int FRAME_HEADER = 2;
    static final int FRAME_END = 0xCE;
    /** The smallest frame-max a client may ask for; the tests negotiate it. */
    static final int FRAME_MAX = 4096;

    private final RawConnection connection;

    private RawAmqpClient(RawConnection connection) {
        this.connection = connection;
    }

    /** A TCP connection on which nothing has been sent yet. */
    static RawAmqpClient connect(InetSocketAddress address) throws IOException {
        return new RawAmqpClient(RawConnection.open(address));
    }

    /** Connects and opens vhost "/" as guest with frame-max {@link #FRAME_MAX} and no heartbeats. */
    static RawAmqpClient connectAndOpen(InetSocketAddress address) throws IOException {
        RawAmqpClient client = connect(address);
        try {
            client.handshake();
            return client;
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** One frame as read from the wire. */
    record Frame(int type, int channel, byte[] payload) {
        boolean isMethod(int classId, int methodId) {
            if (type != FRAME_METHOD || payload.length < 4) {
                return false;
            }
            ByteBuffer buffer = ByteBuffer.wrap(payload);
            return buffer.getShort() == classId && buffer.getShort() == methodId;
        }
    }

    /** What arrived before the broker closed the connection, and whether it closed with a reset. */
    record Ending(byte[] received, boolean reset) {
    }

    /** What a connection.close from the broker said. */
    record Close(int replyCode, String replyText, int classId, int methodId) {
    }

    void sendBytes(byte[] bytes) throws IOException {
        connection.send(bytes);
    }

    /**
     * Whether the broker closed the connection, by FIN or by RST: RabbitMQ closes its sockets with
     * SO_LINGER 0, so the client sees "connection reset" rather than end of stream.
     */
    boolean isClosedByPeer() throws IOException {
        try {
            return connection.isClosedByPeer();
        } catch (SocketException reset) {
            return true;
        }
    }

    /** Reads until the broker closes the connection (FIN or RST) or {@link RawConnection#READ_TIMEOUT} passes. */
    Ending readToEnd() throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try {
            for (int octet = connection.readOctet(); octet != -1; octet = connection.readOctet()) {
                received.write(octet);
            }
            return new Ending(received.toByteArray(), false);
        } catch (SocketTimeoutException stillOpen) {
            throw new AssertionError("the connection stayed open after " + received.size() + " octets", stillOpen);
        } catch (SocketException reset) {
            return new Ending(received.toByteArray(), true);
        }
    }

    /**
     * Whether the broker ends the connection, answering a connection.close with close-ok on the
     * way and reading past any other frame.
     */
    boolean awaitEnd() throws IOException {
        try {
            while (true) {
                Frame frame = readFrame();
                if (frame.isMethod(10, 50)) {
                    sendMethod(0, 10, 51, new byte[0]);
                }
            }
        } catch (EOFException | SocketException ended) {
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        }
    }

    /** Sends a frame whose size field says {@code payload.length} and whose last octet is {@code frameEnd}. */
    void sendFrame(int type, int channel, byte[] payload, int frameEnd) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(7 + payload.length + 1);
        frame.put((byte) type).putShort((short) channel).putInt(payload.length).put(payload).put((byte) frameEnd);
        connection.send(frame.array());
    }

    void sendMethod(int channel, int classId, int methodId, byte[] arguments) throws IOException {
        sendFrame(FRAME_METHOD, channel, methodPayload(classId, methodId, arguments), FRAME_END);
    }

    static byte[] methodPayload(int classId, int methodId, byte[] arguments) {
        return ByteBuffer.allocate(4 + arguments.length)
                .putShort((short) classId).putShort((short) methodId).put(arguments).array();
    }

    Frame readFrame() throws IOException {
        ByteBuffer header = ByteBuffer.wrap(connection.readExactly(7));
        int type = header.get() & 0xff;
        int channel = header.getShort() & 0xffff;
        int size = header.getInt();
        byte[] payload = connection.readExactly(size);
        int end = connection.readExactly(1)[0] & 0xff;
        if (end != FRAME_END) {
            throw new IOException("broker sent frame end " + end);
        }
        return new Frame(type, channel, payload);
    }

    /** Reads the next frame, which must be this method. */
    Frame expectMethod(int classId, int methodId) throws IOException {
        Frame frame = readFrame();
        if (!frame.isMethod(classId, methodId)) {
            throw new AssertionError("expected method " + classId + "." + methodId + ", got frame type "
                    + frame.type() + " on channel " + frame.channel() + " " + describe(frame));
        }
        return frame;
    }

    /** Reads until the broker's connection.close, answers close-ok, and returns what it said. */
    Close expectConnectionClose() throws IOException {
        Frame frame = readFrame();
        while (!frame.isMethod(10, 50)) {
            frame = readFrame();
        }
        Close close = parseClose(frame);
        sendMethod(0, 10, 51, new byte[0]);
        return close;
    }

    /** Opens a channel and waits for channel.open-ok. */
    void openChannel(int channel) throws IOException {
        sendMethod(channel, 20, 10, args().shortString("").bytes());
        expectMethod(20, 11);
    }

    /** Builds method arguments in AMQP 0-9-1 encoding. */
    static Arguments args() {
        return new Arguments();
    }

    static final class Arguments {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        Arguments octet(int value) {
            return write(() -> out.writeByte(value));
        }

        Arguments shortInt(int value) {
            return write(() -> out.writeShort(value));
        }

        Arguments longInt(int value) {
            return write(() -> out.writeInt(value));
        }

        Arguments shortString(String value) {
            byte[] text = value.getBytes(UTF_8);
            return write(() -> {
                out.writeByte(text.length);
                out.write(text);
            });
        }

        Arguments longString(byte[] value) {
            return write(() -> {
                out.writeInt(value.length);
                out.write(value);
            });
        }

        /** Raw octets, for a field table built by hand. */
        Arguments raw(byte[] value) {
            return write(() -> out.write(value));
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }

        private interface Write {
            void run() throws IOException;
        }

        private Arguments write(Write write) {
            try {
                write.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }

    private void handshake() throws IOException {
        connection.send(PROTOCOL_HEADER);
        expectMethod(10, 10);
        byte[] noProperties = new byte[4];
        sendMethod(0, 10, 11, args().raw(noProperties).shortString("PLAIN")
                .longString("\0guest\0guest".getBytes(UTF_8)).shortString("en_US").bytes());
        ByteBuffer tune = ByteBuffer.wrap(expectMethod(10, 30).payload());
        tune.position(4);
        int channelMax = tune.getShort() & 0xffff;
        sendMethod(0, 10, 31, args().shortInt(channelMax).longInt(FRAME_MAX).shortInt(0).bytes());
        sendMethod(0, 10, 40, args().shortString("/").shortString("").octet(0).bytes());
        expectMethod(10, 41);
    }

    /** Reads a connection.close or channel.close frame (the two have the same arguments). */
    private static Close parseClose(Frame frame) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame.payload()));
        in.skipNBytes(4);
        int replyCode = in.readUnsignedShort();
        String replyText = new String(in.readNBytes(in.readUnsignedByte()), UTF_8);
        return new Close(replyCode, replyText, in.readUnsignedShort(), in.readUnsignedShort());
    }

    private static String describe(Frame frame) {
        if (frame.isMethod(10, 50) || frame.isMethod(20, 40)) {
            try {
                return parseClose(frame).toString();
            } catch (IOException e) {
                return "unreadable close";
            }
        }
        return "of " + frame.payload().length + " octets";
    }
}
