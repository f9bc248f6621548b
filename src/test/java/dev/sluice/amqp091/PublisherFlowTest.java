package dev.sluice.amqp091;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.sluice.Sluice;
import dev.sluice.core.queue.Queue;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publisher flow: a connection that only publishes is held back while its queue's consumer falls
 * a whole congestion mark behind, and goes on once the consumer catches up; a connection that
 * also consumes is never held back.
 */
class PublisherFlowTest {
    private static final int MARK = Queue.CONGESTION_MESSAGES;

    @TempDir
    Path dir;
    private Sluice sluice;
    private ConnectionFactory factory;

    @BeforeEach
    void start() {
        sluice = Sluice.builder().host("127.0.0.1").amqpPort(0).dataDir(dir).start();
        factory = new ConnectionFactory();
        factory.setHost(sluice.host());
        factory.setPort(sluice.amqpPort());
    }

    @AfterEach
    void stop() {
        sluice.close();
    }

    @Test
    void aPublisherWaitsForAConsumerThatFellBehindAndThenGoesOn() throws Exception {
        int total = 4 * MARK;
        try (Connection consuming = factory.newConnection(); Connection publishing = factory.newConnection()) {
            Channel c = consuming.createChannel();
            String q = c.queueDeclare().getQueue();
            AtomicInteger received = new AtomicInteger();
            AtomicLong lastTag = new AtomicLong();
            c.basicConsume(q, false, (tag, d) -> {
                received.incrementAndGet();
                lastTag.set(d.getEnvelope().getDeliveryTag());
            }, tag -> { });

            Channel p = publishing.createChannel();
            p.confirmSelect();
            CompletableFuture<Void> published = CompletableFuture.runAsync(() -> {
                try {
                    byte[] body = new byte[100];
                    for (int i = 0; i < total; i++) {
                        p.basicPublish("", q, null, body);
                    }
                    p.waitForConfirmsOrDie(60_000);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            awaitAtLeast(received, MARK);
            Thread.sleep(500);
            int heldAt = received.get();
            assertTrue(heldAt < total - MARK, "the publisher was held back, " + heldAt + " of " + total
                    + " messages arrived while none was acked");

            // the consumer catches up in steps; the publisher goes on each time
            long acked = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acked < total) {
                assertTrue(System.nanoTime() < deadline, "only " + received.get() + " of " + total + " arrived");
                long tag = lastTag.get();
                if (tag > acked) {
                    c.basicAck(tag, true);
                    acked = tag;
                }
                Thread.sleep(20);
            }
            published.get(60, TimeUnit.SECONDS);
            assertEquals(total, received.get());
        }
    }

    @Test
    void aConnectionThatAlsoConsumesIsNotHeldBack() throws Exception {
        int total = 3 * MARK;
        try (Connection both = factory.newConnection()) {
            Channel c = both.createChannel();
            String q = c.queueDeclare().getQueue();
            String other = c.queueDeclare().getQueue();
            AtomicInteger received = new AtomicInteger();
            c.basicConsume(q, false, (tag, d) -> received.incrementAndGet(), tag -> { });
            c.basicConsume(other, true, (tag, d) -> { }, tag -> { });
            Channel p = both.createChannel();
            p.confirmSelect();
            byte[] body = new byte[100];
            for (int i = 0; i < total; i++) {
                p.basicPublish("", q, null, body);
            }
            p.waitForConfirmsOrDie(30_000);
            awaitAtLeast(received, total);
        }
    }

    private static void awaitAtLeast(AtomicInteger counter, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (counter.get() < n) {
            assertTrue(System.nanoTime() < deadline, "only " + counter.get() + " of " + n + " arrived");
            Thread.sleep(5);
        }
    }
}
