package dev.sluice.amqp091;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DeliverCallback;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import dev.sluice.testing.EmbeddedClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RabbitMQ Java client against an embedded broker: the main paths, end to end. */
class JavaClientSmokeTest {
    @TempDir
    Path dir;
    private EmbeddedClient broker;
    private Connection connection;

    @BeforeEach
    void start() throws Exception {
        broker = EmbeddedClient.start(dir);
        connection = broker.connection();
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    @Test
    void publishAndConsumeThroughTheDefaultExchange() throws Exception {
        Channel ch = connection.createChannel();
        String q = ch.queueDeclare().getQueue();
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        DeliverCallback onDeliver = (tag, d) -> {
            got.add(new String(d.getBody(), StandardCharsets.UTF_8));
            ch.basicAck(d.getEnvelope().getDeliveryTag(), false);
        };
        ch.basicConsume(q, false, onDeliver, tag -> { });
        for (int i = 0; i < 100; i++) {
            ch.basicPublish("", q, null, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < 100; i++) {
            assertEquals("m" + i, got.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void getWithPropertiesAndConfirms() throws Exception {
        Channel ch = connection.createChannel();
        ch.confirmSelect();
        ch.queueDeclare("work", true, false, false, null);
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .contentType("text/plain").deliveryMode(2).correlationId("c-1")
                .headers(java.util.Map.of("n", 42, "s", "x")).build();
        ch.basicPublish("", "work", props, "hello".getBytes(StandardCharsets.UTF_8));
        ch.waitForConfirmsOrDie(10_000);
        GetResponse r = ch.basicGet("work", true);
        assertNotNull(r);
        assertEquals("hello", new String(r.getBody(), StandardCharsets.UTF_8));
        assertEquals("c-1", r.getProps().getCorrelationId());
        assertEquals(42, r.getProps().getHeaders().get("n"));
        assertEquals(0, r.getMessageCount());
    }

    @Test
    void channelErrorClosesOnlyThatChannel() throws Exception {
        Channel bad = connection.createChannel();
        ShutdownSignalException e = null;
        try {
            bad.queueDeclarePassive("does-not-exist");
        } catch (java.io.IOException io) {
            e = (ShutdownSignalException) io.getCause();
        }
        assertNotNull(e);
        AMQP.Channel.Close close = (AMQP.Channel.Close) e.getReason();
        assertEquals(404, close.getReplyCode());
        assertTrue(close.getReplyText().contains("does-not-exist"), close.getReplyText());
        Channel good = connection.createChannel();
        assertNotNull(good.queueDeclare().getQueue());
    }
}
