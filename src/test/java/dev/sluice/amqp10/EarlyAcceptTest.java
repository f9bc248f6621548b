package dev.sluice.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.Sluice;
import dev.sluice.store.mapdb.MapDbMessageStore;
import dev.sluice.testing.TestBrokers;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Synchronous persistent JMS sends against the MapDB store whose writer waits an hour before a
 * group commit: a send returns once the broker answers {@code accepted}, which it does as soon as
 * the consumer has acknowledged the message (it is then never written), and not before for a
 * message nobody has settled.
 */
class EarlyAcceptTest {
    @TempDir
    Path dir;
    private Sluice sluice;
    private Connection connection;

    @BeforeEach
    void start() throws Exception {
        sluice = TestBrokers.withHourLongCommits(dir).host("127.0.0.1").amqpPort(0).httpPort(0).start();
        // a send that is not answered within 5 s fails instead of waiting for the hour
        connection = TestBrokers.jms(sluice, "&jms.sendTimeout=5000");
    }

    @AfterEach
    void stop() throws Exception {
        connection.close();
        sluice.close();
    }

    @Test
    void aPersistentSendReturnsOnceTheConsumerAckedIt() throws Exception {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("early-accept");
        int count = 20;
        CountDownLatch received = new CountDownLatch(count);
        session.createConsumer(queue).setMessageListener(m -> received.countDown());
        Session sending = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = sending.createProducer(sending.createQueue("early-accept"));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        for (int i = 0; i < count; i++) {
            producer.send(sending.createTextMessage("m" + i)); // throws after 5 s without an answer
        }
        assertTrue(received.await(10, TimeUnit.SECONDS));
        MapDbMessageStore store = (MapDbMessageStore) sluice.broker().defaultVirtualHost().store();
        assertEquals(0, store.writtenMessages(), "nothing was committed, nothing written");
    }

    @Test
    void aPersistentSendNobodyConsumesWaitsForTheCommit() throws Exception {
        Session sending = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = sending.createProducer(sending.createQueue("nobody-consumes"));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        assertThrows(JMSException.class, () -> producer.send(sending.createTextMessage("waits")),
                "no accepted before the commit, and the commit is an hour away");
    }
}
