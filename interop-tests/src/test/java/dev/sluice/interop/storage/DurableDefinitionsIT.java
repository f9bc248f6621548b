package dev.sluice.interop.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import com.rabbitmq.client.ShutdownSignalException;
import dev.sluice.interop.BrokerProcess;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Durable exchanges, queues (with their arguments) and bindings, including an exchange-to-exchange
 * binding, come back after the packaged broker is stopped with SIGTERM or killed with SIGKILL and
 * started again on the same data directory; transient exchanges and queues, exclusive queues and
 * bindings to them do not. Before a kill, one persistent message is published with a confirm:
 * definitions and messages share the store's one writer, which commits in order, so the confirm
 * proves that the declarations made before it are on disk. The declaring connection stays open
 * until the broker has ended, so its exclusive queue still exists when the broker goes.
 *
 * <p>Threading: JUnit's thread only.
 */
class DurableDefinitionsIT {
    private static final String TOPIC = "defs.durable.topic";
    private static final String FANOUT = "defs.durable.fanout";
    private static final String QUEUE = "defs.durable.queue";
    private static final String LIMITED = "defs.durable.limited";
    private static final Map<String, Object> LIMITS = Map.of("x-max-length", 5, "x-message-ttl", 60_000);
    private static final String TRANSIENT_EXCHANGE = "defs.transient.exchange";
    private static final String TRANSIENT_QUEUE = "defs.transient.queue";
    private static final String EXCLUSIVE_QUEUE = "defs.exclusive.queue";
    private static final long CONFIRM_MILLIS = 10_000;

    private BrokerProcess broker;

    @AfterEach
    void closeBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void durableDefinitionsSurviveACleanStopAndTransientOnesDoNot() throws Exception {
        declareEndAndRestart(BrokerProcess::stop, 0);
        assertOnlyDurableDefinitionsCameBack();
    }

    @Test
    void durableDefinitionsSurviveAKillAndTransientOnesDoNot() throws Exception {
        declareEndAndRestart(BrokerProcess::kill, 137);
        assertOnlyDurableDefinitionsCameBack();
    }

    /** How the broker ends: SIGTERM or SIGKILL; returns the exit status. */
    private interface Ending {
        int end(BrokerProcess broker) throws InterruptedException;
    }

    /** Starts a broker, declares everything, ends the broker while still connected, and restarts it. */
    private void declareEndAndRestart(Ending ending, int exitStatus) throws Exception {
        broker = BrokerProcess.start();
        Connection connection = StorageClients.factory(broker).newConnection("defs-setup");
        try {
            declareEverything(connection);
            assertEquals(exitStatus, ending.end(broker), broker.output());
        } finally {
            connection.abort();
        }
        broker = broker.restart();
    }

    /** Declares durable and transient things, then publishes the confirmed message that proves them stored. */
    private static void declareEverything(Connection connection) throws Exception {
        Channel channel = connection.createChannel();
        channel.exchangeDeclare(TOPIC, "topic", true);
        channel.exchangeDeclare(FANOUT, "fanout", true);
        channel.exchangeBind(TOPIC, FANOUT, "");
        channel.queueDeclare(QUEUE, true, false, false, null);
        channel.queueBind(QUEUE, TOPIC, "orders.#");
        channel.queueDeclare(LIMITED, true, false, false, LIMITS);

        channel.exchangeDeclare(TRANSIENT_EXCHANGE, "direct", false);
        channel.queueBind(QUEUE, TRANSIENT_EXCHANGE, "k");
        channel.queueDeclare(TRANSIENT_QUEUE, false, false, false, null);
        channel.queueBind(TRANSIENT_QUEUE, TOPIC, "orders.#");
        channel.queueDeclare(EXCLUSIVE_QUEUE, true, true, false, null);
        channel.queueBind(EXCLUSIVE_QUEUE, TOPIC, "orders.#");

        channel.confirmSelect();
        channel.basicPublish(TOPIC, "orders.proof", MessageProperties.PERSISTENT_BASIC, new byte[] {1});
        channel.waitForConfirmsOrDie(CONFIRM_MILLIS);
    }

    private void assertOnlyDurableDefinitionsCameBack() throws Exception {
        try (Connection connection = StorageClients.factory(broker).newConnection("defs-check")) {
            assertTrue(StorageClients.exists(connection, ch -> ch.exchangeDeclarePassive(TOPIC)), TOPIC);
            assertTrue(StorageClients.exists(connection, ch -> ch.exchangeDeclarePassive(FANOUT)), FANOUT);
            assertTrue(StorageClients.exists(connection, ch -> ch.queueDeclarePassive(LIMITED)), LIMITED);
            assertFalse(StorageClients.exists(connection, ch -> ch.exchangeDeclarePassive(TRANSIENT_EXCHANGE)),
                    TRANSIENT_EXCHANGE);
            assertFalse(StorageClients.exists(connection, ch -> ch.queueDeclarePassive(TRANSIENT_QUEUE)),
                    TRANSIENT_QUEUE);
            assertFalse(StorageClients.exists(connection, ch -> ch.queueDeclarePassive(EXCLUSIVE_QUEUE)),
                    EXCLUSIVE_QUEUE);

            Channel channel = connection.createChannel();
            assertEquals(1, channel.queueDeclarePassive(QUEUE).getMessageCount(), "the persistent proof message");
            channel.queuePurge(QUEUE);
            channel.confirmSelect();
            channel.basicPublish(TOPIC, "orders.direct", MessageProperties.PERSISTENT_BASIC, new byte[] {2});
            channel.basicPublish(FANOUT, "orders.through-fanout", MessageProperties.PERSISTENT_BASIC, new byte[] {3});
            channel.basicPublish(TOPIC, "invoices.unbound", MessageProperties.PERSISTENT_BASIC, new byte[] {4});
            channel.waitForConfirmsOrDie(CONFIRM_MILLIS);
            assertEquals(2, channel.queueDeclarePassive(QUEUE).getMessageCount(),
                    "the queue binding and the exchange-to-exchange binding route; nothing else does");

            channel.queueDeclare(LIMITED, true, false, false, LIMITS);
            Channel other = connection.createChannel();
            IOException refused = assertThrows(IOException.class,
                    () -> other.queueDeclare(LIMITED, true, false, false, Map.of("x-max-length", 6)));
            AMQP.Channel.Close close = (AMQP.Channel.Close) ((ShutdownSignalException) refused.getCause()).getReason();
            assertEquals(AMQP.PRECONDITION_FAILED, close.getReplyCode(), "the stored arguments are the old ones");
        }
    }
}
