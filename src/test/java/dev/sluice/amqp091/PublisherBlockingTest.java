package dev.sluice.amqp091;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.impl.AMQConnection;
import dev.sluice.Sluice;
import dev.sluice.core.alarm.Resource;
import dev.sluice.core.alarm.ResourceMonitor;
import dev.sluice.core.alarm.ResourceSettings;
import dev.sluice.core.alarm.SystemResourceProbe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory alarm end to end with the RabbitMQ Java client: an embedded broker whose high
 * watermark is set just above what the JVM's buffers already hold, a publisher that fills a queue
 * until the alarm goes on, and a consumer that drains it. The publisher is told
 * {@code connection.blocked}, what it sends next is held in its socket (not lost, not read), the
 * consumer's connection is never blocked, and once the alarm clears {@code connection.unblocked}
 * arrives and every message is delivered exactly once, in order.
 *
 * <p>Threading: the test thread drives the publisher; a second thread publishes the held messages
 * (its writes may wait on a full socket); the client's threads record deliveries and notifications.
 */
class PublisherBlockingTest {
    private static final int BODY_BYTES = 32 * 1024;
    private static final long HEADROOM_BYTES = 256 * 1024;
    private static final int MAX_BEFORE_ALARM = 1_000;
    private static final int HELD = 50;
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Long enough for a broker that still read the socket to take in all the held messages. */
    private static final Duration QUIET = Duration.ofMillis(500);
    /** A heartbeat of one second: a broker that counted the blocked time would close after two. */
    private static final int SHORT_HEARTBEAT_SECONDS = 1;
    private static final Duration LONGER_THAN_TWO_HEARTBEATS = Duration.ofMillis(3_000);

    @TempDir
    Path dir;
    private Sluice sluice;
    private ResourceMonitor monitor;
    private final List<Connection> connections = new ArrayList<>();
    private final ExecutorService publisherThread = Executors.newSingleThreadExecutor();

    @BeforeEach
    void start() {
        long inUse = new SystemResourceProbe(dir).messageMemoryBytes();
        ResourceSettings resources = ResourceSettings.defaults()
                .withMemoryHighWatermarkBytes(inUse + HEADROOM_BYTES)
                .withCheckInterval(Duration.ofMillis(20));
        sluice = Sluice.builder().host("127.0.0.1").amqpPort(0).dataDir(dir).resources(resources).start();
        monitor = sluice.broker().resourceMonitor();
    }

    @AfterEach
    void stop() throws Exception {
        publisherThread.shutdownNow();
        for (Connection c : connections) {
            if (c.isOpen()) {
                c.abort(1_000);
            }
        }
        sluice.close();
    }

    @Test
    void aPublisherIsBlockedDuringAMemoryAlarmAndEveryMessageArrivesOnceAfterIt() throws Exception {
        List<String> events = publishThroughAnAlarm(true, 0, QUIET);
        assertEquals("blocked: low on memory", events.get(0));
        assertEquals("unblocked", events.get(events.size() - 1));
    }

    @Test
    void aClientWithoutTheBlockedCapabilityIsPausedSilently() throws Exception {
        assertEquals(List.of(), publishThroughAnAlarm(false, 0, QUIET));
    }

    @Test
    void aBlockedConnectionIsNotClosedForHeartbeatsItCouldNotSend() throws Exception {
        List<String> events = publishThroughAnAlarm(true, SHORT_HEARTBEAT_SECONDS, LONGER_THAN_TWO_HEARTBEATS);
        assertEquals("unblocked", events.get(events.size() - 1));
    }

    /**
     * Fills a queue until the memory alarm goes on, publishes more that must be held for
     * {@code heldFor} (the publisher staying connected), drains the queue and checks every message
     * arrived once; returns the publisher's blocked notifications.
     */
    private List<String> publishThroughAnAlarm(boolean announceBlockedCapability, int heartbeatSeconds,
                                               Duration heldFor) throws Exception {
        Connection publisher = connect("publisher", announceBlockedCapability, heartbeatSeconds);
        Connection consumer = connect("consumer", true, 0);
        List<String> publisherEvents = recordBlocking(publisher);
        List<String> consumerEvents = recordBlocking(consumer);
        Channel admin = consumer.createChannel();
        String queue = "blocking-test";
        admin.queueDeclare(queue, false, false, false, null);
        Channel pub = publisher.createChannel();
        pub.confirmSelect();

        int sent = 0;
        while (monitor.activeAlarms().isEmpty()) {
            assertTrue(sent < MAX_BEFORE_ALARM, "no memory alarm after " + sent + " messages of " + BODY_BYTES
                    + " bytes");
            pub.basicPublish("", queue, null, body(sent++));
            pub.waitForConfirmsOrDie(WAIT.toMillis());
        }
        assertEquals(Set.of(Resource.MEMORY), monitor.activeAlarms());
        if (announceBlockedCapability) {
            awaitCondition("connection.blocked reached the publisher", () -> !publisherEvents.isEmpty());
            assertEquals(List.of("blocked: low on memory"), publisherEvents);
        }

        int beforeHold = sent;
        int total = beforeHold + HELD;
        Future<?> held = publisherThread.submit(() -> {
            for (int i = beforeHold; i < total; i++) {
                pub.basicPublish("", queue, null, body(i));
            }
            return null;
        });
        assertStaysTrue(heldFor, "the held messages stay out of the queue and the publisher connected",
                () -> messageCount(admin, queue) < total && publisher.isOpen());

        List<Integer> received = new CopyOnWriteArrayList<>();
        Channel consuming = consumer.createChannel();
        consuming.basicQos(20);
        consuming.basicConsume(queue, false, (tag, delivery) -> {
            received.add(ByteBuffer.wrap(delivery.getBody()).getInt());
            consuming.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
        }, tag -> { });

        awaitCondition("all " + total + " messages delivered", () -> received.size() >= total);
        held.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        pub.waitForConfirmsOrDie(WAIT.toMillis());
        assertEquals(IntStream.range(0, total).boxed().toList(), received, "each message once, in order");
        awaitCondition("the alarm cleared", () -> monitor.activeAlarms().isEmpty());
        if (announceBlockedCapability) {
            awaitCondition("connection.unblocked arrived",
                    () -> publisherEvents.get(publisherEvents.size() - 1).equals("unblocked"));
        }
        assertEquals(0, messageCount(admin, queue));
        assertEquals(List.of(), consumerEvents, "a connection that only consumes is never blocked");
        return List.copyOf(publisherEvents);
    }

    private Connection connect(String name, boolean announceBlockedCapability, int heartbeatSeconds)
            throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        if (heartbeatSeconds > 0) {
            factory.setRequestedHeartbeat(heartbeatSeconds);
        }
        factory.setHost(sluice.host());
        factory.setPort(sluice.amqpPort());
        factory.setAutomaticRecoveryEnabled(false);
        if (!announceBlockedCapability) {
            Map<String, Object> properties = new HashMap<>(AMQConnection.defaultClientProperties());
            @SuppressWarnings("unchecked")
            Map<String, Object> capabilities = new HashMap<>((Map<String, Object>) properties.get("capabilities"));
            capabilities.remove("connection.blocked");
            properties.put("capabilities", capabilities);
            factory.setClientProperties(properties);
        }
        Connection connection = factory.newConnection(name);
        connections.add(connection);
        return connection;
    }

    private static List<String> recordBlocking(Connection connection) {
        List<String> events = new CopyOnWriteArrayList<>();
        connection.addBlockedListener(reason -> events.add("blocked: " + reason), () -> events.add("unblocked"));
        return events;
    }

    /** A body of {@link #BODY_BYTES} that starts with its number. */
    private static byte[] body(int number) {
        return ByteBuffer.allocate(BODY_BYTES).putInt(number).array();
    }

    private static int messageCount(Channel admin, String queue) {
        try {
            return admin.queueDeclarePassive(queue).getMessageCount();
        } catch (IOException e) {
            throw new AssertionError("passive declare of " + queue + " failed", e);
        }
    }

    private static void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - deadline < 0, "not within " + WAIT + ": " + what);
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    private static void assertStaysTrue(Duration period, String what, BooleanSupplier condition)
            throws InterruptedException {
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() - end < 0) {
            assertTrue(condition.getAsBoolean(), what);
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }
}
