package dev.sluice.testing;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.sluice.Sluice;
import dev.sluice.SluiceBuilder;
import java.nio.file.Path;

/**
 * An embedded broker on free loopback ports with one RabbitMQ Java client connection to it, for
 * tests that drive the AMQP 0-9-1 endpoint end to end in-process.
 *
 * <p>Threading: one test thread.
 */
public final class EmbeddedClient implements AutoCloseable {
    private final Sluice sluice;
    private final Connection connection;

    private EmbeddedClient(Sluice sluice, Connection connection) {
        this.sluice = sluice;
        this.connection = connection;
    }

    /** Starts a broker with its data in {@code dataDir}, then connects as guest. */
    public static EmbeddedClient start(Path dataDir) throws Exception {
        return start(Sluice.builder().dataDir(dataDir));
    }

    /** Starts the broker {@code builder} describes on free loopback ports, then connects as guest. */
    public static EmbeddedClient start(SluiceBuilder builder) throws Exception {
        Sluice sluice = builder.host("127.0.0.1").amqpPort(0).httpPort(0).start();
        try {
            ConnectionFactory f = new ConnectionFactory();
            f.setHost(sluice.host());
            f.setPort(sluice.amqpPort());
            return new EmbeddedClient(sluice, f.newConnection());
        } catch (Exception e) {
            sluice.close();
            throw e;
        }
    }

    public Sluice sluice() {
        return sluice;
    }

    public Connection connection() {
        return connection;
    }

    /** Closes the connection if it is still open, then the broker. */
    @Override
    public void close() throws Exception {
        try {
            if (connection.isOpen()) {
                connection.close();
            }
        } finally {
            sluice.close();
        }
    }
}
