package dev.sluice.interop.storage;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.sluice.interop.BrokerProcess;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;

/**
 * Client helpers shared by the storage black-box tests.
 *
 * <p>Threading: stateless.
 */
final class StorageClients {
    private static final int CONNECTION_TIMEOUT_MILLIS = 10_000;

    private StorageClients() {
    }

    /** guest/guest on "/" at the broker, without automatic recovery (a killed broker stays dead to it). */
    static ConnectionFactory factory(BrokerProcess broker) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(broker.host());
        factory.setPort(broker.amqpPort());
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        factory.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        return factory;
    }

    /** A passive declare that may fail with 404; each try gets its own channel, which a 404 closes. */
    interface PassiveDeclare {
        void run(Channel channel) throws IOException;
    }

    /** Whether the passive declare finds what it names. */
    static boolean exists(Connection connection, PassiveDeclare declare) throws IOException {
        Channel channel = connection.createChannel();
        try {
            declare.run(channel);
            channel.abort();
            return true;
        } catch (IOException e) {
            if (e.getCause() instanceof ShutdownSignalException signal
                    && signal.getReason() instanceof AMQP.Channel.Close close
                    && close.getReplyCode() == AMQP.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }
}
