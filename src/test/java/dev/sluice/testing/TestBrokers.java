package dev.sluice.testing;

import dev.sluice.Sluice;
import dev.sluice.SluiceBuilder;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * Embedded brokers and clients for in-process end-to-end tests.
 *
 * <p>Threading: stateless.
 */
public final class TestBrokers {
    private TestBrokers() {
    }

    /**
     * A broker with its data in {@code dir}/data whose storage writer commits a group only an hour
     * after its first change (or when asked), so that a test decides what is on disk: a builder to
     * start, with the configuration file written to {@code dir}.
     */
    public static SluiceBuilder withHourLongCommits(Path dir) throws IOException {
        Path config = dir.resolve("sluice.yaml");
        Files.writeString(config, "server:\n  storage: {commit-interval: 1h}\n");
        return Sluice.builder().dataDir(dir.resolve("data")).configFile(config);
    }

    /** A started Qpid JMS connection as guest to {@code sluice}, with extra URI options ("" for none). */
    public static Connection jms(Sluice sluice, String uriOptions) throws JMSException {
        JmsConnectionFactory factory = new JmsConnectionFactory("guest", "guest",
                "amqp://127.0.0.1:" + sluice.amqpPort() + "?transport.useEpoll=false" + uriOptions);
        Connection connection = factory.createConnection();
        connection.start();
        return connection;
    }
}
