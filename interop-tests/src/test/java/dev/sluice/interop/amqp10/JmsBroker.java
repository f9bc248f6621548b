package dev.sluice.interop.amqp10;

import dev.sluice.interop.BrokerProcess;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * A Sluice process for one test class and Qpid JMS connections to it (guest/guest), closed with it.
 *
 * <p>Threading: used from the JUnit thread.
 */
final class JmsBroker implements AutoCloseable {
    private final BrokerProcess broker;
    private final List<Connection> connections = new ArrayList<>();

    private JmsBroker(BrokerProcess broker) {
        this.broker = broker;
    }

    static JmsBroker start() throws IOException, InterruptedException {
        return new JmsBroker(BrokerProcess.start());
    }

    BrokerProcess process() {
        return broker;
    }

    /** The connection URI, with {@code options} (already URL-encoded) appended. */
    String uri(String options) {
        return "amqp://" + broker.host() + ":" + broker.amqpPort() + "?transport.useEpoll=false"
                + "&amqp.idleTimeout=30000" + (options.isEmpty() ? "" : "&" + options);
    }

    JmsConnectionFactory factory(String options) {
        return new JmsConnectionFactory("guest", "guest", uri(options));
    }

    /** A started connection, closed with the broker. */
    Connection connect() throws JMSException {
        return connect("");
    }

    Connection connect(String options) throws JMSException {
        Connection c = factory(options).createConnection();
        connections.add(c);
        c.start();
        return c;
    }

    /** A started connection with a client ID (durable subscriptions). */
    Connection connectAs(String clientId) throws JMSException {
        Connection c = factory("").createConnection();
        c.setClientID(clientId);
        connections.add(c);
        c.start();
        return c;
    }

    @Override
    public void close() {
        for (Connection c : connections) {
            try {
                c.close();
            } catch (JMSException | RuntimeException e) {
                // already closed or broken; the broker goes next anyway
            }
        }
        broker.close();
    }
}
