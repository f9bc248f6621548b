package dev.sluice.amqp091;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.sluice.Sluice;
import dev.sluice.amqp091.codec.ConnectionOpen;
import dev.sluice.amqp091.codec.ConnectionStartOk;
import dev.sluice.amqp091.codec.ConnectionTuneOk;
import dev.sluice.amqp091.codec.FrameWriter;
import dev.sluice.amqp091.codec.Method;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Heartbeats both ways: the broker sends them, and closes a client that stops sending anything. */
class HeartbeatTest {
    @TempDir
    Path dir;
    private Sluice sluice;

    @BeforeEach
    void start() {
        sluice = Sluice.builder().host("127.0.0.1").amqpPort(0).httpPort(0).dataDir(dir).start();
    }

    @AfterEach
    void stop() {
        sluice.close();
    }

    @Test
    void anIdleClientWithOneSecondHeartbeatsStaysConnected() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(sluice.host());
        f.setPort(sluice.amqpPort());
        f.setRequestedHeartbeat(1);
        try (Connection c = f.newConnection()) {
            assertEquals(1, c.getHeartbeat());
            // the Java client closes a connection that misses two server heartbeats; 4 s spans four
            Thread.sleep(4000);
            assertTrue(c.isOpen(), "broker heartbeats kept the idle connection open");
        }
    }

    @Test
    void aClientThatFallsSilentIsDisconnected() throws Exception {
        try (Socket s = new Socket(sluice.host(), sluice.amqpPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1});
            send(out, new ConnectionStartOk(Map.of(), "PLAIN", "\0guest\0guest".getBytes(StandardCharsets.UTF_8),
                    "en_US"));
            send(out, new ConnectionTuneOk(2047, 131072, 1));
            send(out, new ConnectionOpen("/"));
            long deadline = System.nanoTime() + 10_000_000_000L;
            boolean closedByBroker = false;
            byte[] buf = new byte[4096];
            while (System.nanoTime() < deadline) {
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException e) {
                    break;
                } catch (java.net.SocketException e) {
                    closedByBroker = true;
                    break;
                }
                if (n < 0) {
                    closedByBroker = true;
                    break;
                }
            }
            assertTrue(closedByBroker, "broker closes a client silent for two heartbeat intervals");
        }
    }

    private static void send(OutputStream out, Method m) throws Exception {
        ByteBuf frame = FrameWriter.methodFrame(ByteBufAllocator.DEFAULT, 0, m);
        try {
            byte[] bytes = new byte[frame.readableBytes()];
            frame.readBytes(bytes);
            out.write(bytes);
            out.flush();
        } finally {
            frame.release();
        }
    }
}
