package dev.sluice.interop.amqp091;

import com.rabbitmq.client.ConnectionFactory;
import dev.sluice.interop.BrokerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The broker one test class talks to: by default a Sluice process of its own (free port, fresh
 * data directory), or, with {@code -Dinterop.target=rabbitmq}, a RabbitMQ that already runs on
 * localhost ({@code -Dinterop.rabbitmq.port}, default 5672), in which case nothing is started.
 *
 * <p>The amqp091 tests were checked against RabbitMQ 3.10.8 (Debian bookworm's rabbitmq-server
 * package on Erlang/OTP 25): every test passes there, so they state RabbitMQ's real behaviour.
 *
 * <p>Threading: created and closed by the JUnit thread; {@link #connectionFactory()} may be called
 * from any thread.
 */
final class BrokerTarget implements AutoCloseable {
    static final String TARGET_PROPERTY = "interop.target";
    static final String RABBITMQ_PORT_PROPERTY = "interop.rabbitmq.port";
    private static final int CONNECTION_TIMEOUT_MILLIS = 10_000;

    /** Null when the target is an external RabbitMQ. */
    private final BrokerProcess sluice;
    private final InetSocketAddress address;

    private BrokerTarget(BrokerProcess sluice, InetSocketAddress address) {
        this.sluice = sluice;
        this.address = address;
    }

    /** Starts Sluice, or points at RabbitMQ when {@code interop.target=rabbitmq}. */
    static BrokerTarget open() throws IOException, InterruptedException {
        String target = System.getProperty(TARGET_PROPERTY, "sluice");
        switch (target) {
            case "sluice" -> {
                BrokerProcess process = BrokerProcess.start();
                return new BrokerTarget(process, process.amqpAddress());
            }
            case "rabbitmq" -> {
                int port = Integer.parseInt(System.getProperty(RABBITMQ_PORT_PROPERTY, "5672"));
                return new BrokerTarget(null, new InetSocketAddress("localhost", port));
            }
            default -> throw new IllegalArgumentException(
                    TARGET_PROPERTY + " must be sluice or rabbitmq, not " + target);
        }
    }

    /** True when the tests run against RabbitMQ rather than Sluice. */
    static boolean isRabbitMq() {
        return "rabbitmq".equals(System.getProperty(TARGET_PROPERTY, "sluice"));
    }

    InetSocketAddress address() {
        return address;
    }

    /** A new factory for guest/guest on vhost "/", with automatic recovery off so closes stay closed. */
    ConnectionFactory connectionFactory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(address.getHostString());
        factory.setPort(address.getPort());
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setVirtualHost("/");
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        factory.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        return factory;
    }

    /** Sluice's output so far, for failure messages; empty against RabbitMQ. */
    String brokerOutput() {
        return sluice == null ? "" : sluice.output();
    }

    @Override
    public void close() {
        if (sluice != null) {
            sluice.close();
        }
    }
}
