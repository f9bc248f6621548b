package dev.sluice.amqp091;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import dev.sluice.store.mapdb.MapDbMessageStore;
import dev.sluice.testing.EmbeddedClient;
import dev.sluice.testing.TestBrokers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publisher confirms of persistent messages against the MapDB store whose writer waits an hour
 * before a group commit: a message its consumer acknowledged before the commit is confirmed at
 * once without being written (as RabbitMQ does); one that nobody settled waits for the commit.
 */
class EarlyConfirmTest {
    @TempDir
    Path dir;
    private EmbeddedClient broker;
    private Connection connection;

    @BeforeEach
    void start() throws Exception {
        broker = EmbeddedClient.start(TestBrokers.withHourLongCommits(dir));
        connection = broker.connection();
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    private MapDbMessageStore store() {
        return (MapDbMessageStore) broker.sluice().broker().defaultVirtualHost().store();
    }

    @Test
    void messagesAckedBeforeTheCommitAreConfirmedWithoutAWrite() throws Exception {
        Channel consumer = connection.createChannel();
        consumer.queueDeclare("early", true, false, false, null);
        consumer.basicQos(10);
        consumer.basicConsume("early", false, (tag, d) ->
                consumer.basicAck(d.getEnvelope().getDeliveryTag(), false), tag -> { });
        Channel publisher = connection.createChannel();
        publisher.confirmSelect();
        int count = 50;
        for (int i = 0; i < count; i++) {
            publisher.basicPublish("", "early", MessageProperties.PERSISTENT_BASIC,
                    ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(publisher.waitForConfirms(30_000), "every message confirmed, none nacked");
        assertEquals(0, store().writtenMessages(), "acked before any commit: nothing written");
        CountDownLatch committed = new CountDownLatch(1);
        store().whenDurable(committed::countDown);
        store().storage().requestCommit();
        assertTrue(committed.await(30, TimeUnit.SECONDS));
        assertEquals(0, store().writtenMessages(), "the commit wrote none of them either");
        assertEquals(count, store().cancelledMessages());
    }

    @Test
    void aMessageNobodySettledWaitsForTheCommit() throws Exception {
        Channel publisher = connection.createChannel();
        publisher.queueDeclare("kept", true, false, false, null);
        publisher.confirmSelect();
        ConcurrentSkipListSet<Long> confirmed = new ConcurrentSkipListSet<>();
        CountDownLatch first = new CountDownLatch(1);
        publisher.addConfirmListener((tag, multiple) -> {
            confirmed.add(tag);
            first.countDown();
        }, (tag, multiple) -> { });
        AMQP.BasicProperties persistent = MessageProperties.PERSISTENT_BASIC;
        publisher.basicPublish("", "kept", persistent, "kept".getBytes(StandardCharsets.UTF_8));
        // a second, transient publish confirmed at once proves the first one's confirm is not
        // merely late: confirms of one channel travel in order on one socket
        publisher.basicPublish("", "kept", null, "transient".getBytes(StandardCharsets.UTF_8));
        assertTrue(first.await(30, TimeUnit.SECONDS));
        assertEquals(java.util.Set.of(2L), confirmed, "the persistent message waits for its commit");
        store().storage().requestCommit();
        assertTrue(publisher.waitForConfirms(30_000));
        assertEquals(1, store().writtenMessages());
    }
}
