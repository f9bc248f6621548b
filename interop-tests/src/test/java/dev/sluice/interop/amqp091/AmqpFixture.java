package dev.sluice.interop.amqp091;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The per-test handle on the broker for the AMQP 0-9-1 interop tests. Register it in each test
 * class as {@code @RegisterExtension final AmqpFixture amqp = new AmqpFixture();}.
 *
 * <p>The broker itself ({@link BrokerTarget}) is opened once per test class, on that class's first
 * test, and closed with the class: one Sluice process per class, or an already-running RabbitMQ
 * with {@code -Dinterop.target=rabbitmq}.
 *
 * <p>Each test gets a unique name prefix; every name made with {@link #name} is deleted after the
 * test as a queue and as an exchange, and every connection made here is closed, so tests never see
 * each other's leftovers. {@link #publish} waits for the publisher confirm, so a test can read
 * queue counts right after publishing without waiting for luck.
 *
 * <p>Threading: JUnit makes one instance per test; use it from the test thread.
 */
public final class AmqpFixture implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AmqpFixture.class);

    private final Set<String> names = new LinkedHashSet<>();
    private final List<Connection> connections = new ArrayList<>();
    private BrokerTarget target;
    private String prefix;
    private Connection connection;
    private Channel admin;
    private Channel publisher;

    @Override
    public void beforeEach(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent()) {
            classContext = classContext.getParent().orElseThrow();
        }
        target = classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(BrokerTarget.class, key -> openTarget(), BrokerTarget.class);
        prefix = "it." + context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName()
                + "." + UUID.randomUUID().toString().substring(0, 8) + ".";
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException, TimeoutException {
        for (Connection open : connections) {
            closeQuietly(open);
        }
        connections.clear();
        if (!names.isEmpty()) {
            deleteNamedQueuesAndExchanges();
        }
    }

    /** A unique queue or exchange name for this test; deleted after the test. */
    public String name(String role) {
        String name = prefix + role;
        names.add(name);
        return name;
    }

    public InetSocketAddress address() {
        return target.address();
    }

    /** A new factory for guest/guest on "/" at the broker; automatic recovery is off. */
    public ConnectionFactory factory() {
        return target.connectionFactory();
    }

    /** The test's main connection, opened on first use. */
    public Connection connection() throws IOException, TimeoutException {
        if (connection == null || !connection.isOpen()) {
            connection = newConnection();
        }
        return connection;
    }

    /** A further connection, closed after the test. */
    public Connection newConnection() throws IOException, TimeoutException {
        try {
            Connection opened = factory().newConnection();
            connections.add(opened);
            return opened;
        } catch (IOException | TimeoutException e) {
            throw new IOException("cannot connect to " + target.address() + "; broker output:\n" + target.brokerOutput(), e);
        }
    }

    /** A new channel on the main connection. */
    public Channel channel() throws IOException, TimeoutException {
        return connection().createChannel();
    }

    /** A plain queue (not durable, not exclusive, not auto-delete) named {@code name(role)}. */
    public String declareQueue(String role) throws IOException, TimeoutException {
        return declareQueue(role, Map.of());
    }

    public String declareQueue(String role, Map<String, Object> arguments) throws IOException, TimeoutException {
        String queue = name(role);
        admin().queueDeclare(queue, false, false, false, arguments);
        return queue;
    }

    /** A plain exchange (not durable, not auto-delete) named {@code name(role)}. */
    public String declareExchange(String role, String type) throws IOException, TimeoutException {
        return declareExchange(role, type, Map.of());
    }

    public String declareExchange(String role, String type, Map<String, Object> arguments)
            throws IOException, TimeoutException {
        String exchange = name(role);
        admin().exchangeDeclare(exchange, type, false, false, arguments);
        return exchange;
    }

    public void bindQueue(String queue, String exchange, String bindingKey) throws IOException, TimeoutException {
        bindQueue(queue, exchange, bindingKey, Map.of());
    }

    public void bindQueue(String queue, String exchange, String bindingKey, Map<String, Object> arguments)
            throws IOException, TimeoutException {
        admin().queueBind(queue, exchange, bindingKey, arguments);
    }

    /** A queue whose dead letters go through the default exchange to a new queue; returns both names. */
    public DeadLetterPair declareQueueDeadLetteringTo(String role, Map<String, Object> arguments)
            throws IOException, TimeoutException {
        String deadLetters = declareQueue(role + ".dead");
        Map<String, Object> withDlx = new HashMap<>(arguments);
        withDlx.put("x-dead-letter-exchange", "");
        withDlx.put("x-dead-letter-routing-key", deadLetters);
        return new DeadLetterPair(declareQueue(role, withDlx), deadLetters);
    }

    /** A queue and the queue its dead letters are routed to. */
    public record DeadLetterPair(String queue, String deadLetters) {
    }

    /** The ready-message count from a passive declare; fails the test when the declare fails. */
    public long messageCount(String queue) {
        try {
            return admin().queueDeclarePassive(queue).getMessageCount();
        } catch (IOException | TimeoutException e) {
            throw new AssertionError("cannot count the messages of " + queue, e);
        }
    }

    /** Waits until the queue holds exactly {@code expected} ready messages. */
    public void awaitMessageCount(String queue, long expected) {
        Await.awaitCondition(Await.TIMEOUT, () -> messageCount(queue) == expected);
    }

    /** Whether a passive declare finds the queue (each try on a fresh channel: a 404 closes it). */
    public boolean queueExists(String queue) throws IOException, TimeoutException {
        return passiveDeclareSucceeds(channel -> channel.queueDeclarePassive(queue));
    }

    public boolean exchangeExists(String exchange) throws IOException, TimeoutException {
        return passiveDeclareSucceeds(channel -> channel.exchangeDeclarePassive(exchange));
    }

    /** Like {@link #queueExists} but usable in {@link Await#awaitCondition}. */
    public boolean queueGone(String queue) {
        try {
            return !queueExists(queue);
        } catch (IOException | TimeoutException e) {
            throw new AssertionError("passive declare of " + queue + " failed", e);
        }
    }

    public boolean exchangeGone(String exchange) {
        try {
            return !exchangeExists(exchange);
        } catch (IOException | TimeoutException e) {
            throw new AssertionError("passive declare of " + exchange + " failed", e);
        }
    }

    /** Publishes on a confirm channel and waits for the broker's ack. */
    public void publish(String exchange, String routingKey, String body) throws IOException, TimeoutException {
        publish(exchange, routingKey, new AMQP.BasicProperties(), body);
    }

    public void publish(String exchange, String routingKey, AMQP.BasicProperties properties, String body)
            throws IOException, TimeoutException {
        publish(exchange, routingKey, properties, body.getBytes(UTF_8));
    }

    public void publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body)
            throws IOException, TimeoutException {
        Channel channel = publisher();
        channel.basicPublish(exchange, routingKey, properties, body);
        try {
            channel.waitForConfirmsOrDie(Await.TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for a confirm", e);
        }
    }

    /** Publishes each body in turn to the queue through the default exchange. */
    public void publishTexts(String queue, String... bodies) throws IOException, TimeoutException {
        for (String body : bodies) {
            publish("", queue, body);
        }
    }

    /** basic.get with auto-ack; fails when the queue is empty. */
    public GetResponse get(String queue) throws IOException, TimeoutException {
        GetResponse response = admin().basicGet(queue, true);
        assertNotNull(response, () -> "queue " + queue + " is empty");
        return response;
    }

    public String getText(String queue) throws IOException, TimeoutException {
        return text(get(queue));
    }

    /** {@code count} basic.gets without auto-ack on the given channel; fails when the queue runs dry. */
    public static List<GetResponse> getUnacked(Channel channel, String queue, int count) throws IOException {
        List<GetResponse> responses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            GetResponse response = channel.basicGet(queue, false);
            assertNotNull(response, "queue " + queue + " empty after " + i + " of " + count + " gets");
            responses.add(response);
        }
        return responses;
    }

    /** Starts a consumer on a new channel of the main connection. */
    public Deliveries consume(String queue, boolean autoAck) throws IOException, TimeoutException {
        return consume(channel(), queue, autoAck);
    }

    public Deliveries consume(Channel channel, String queue, boolean autoAck) throws IOException {
        return new Deliveries(channel).consume(queue, autoAck, Map.of());
    }

    public static String text(Delivery delivery) {
        return new String(delivery.getBody(), UTF_8);
    }

    public static String text(GetResponse response) {
        return new String(response.getBody(), UTF_8);
    }

    private Channel admin() throws IOException, TimeoutException {
        if (admin == null || !admin.isOpen()) {
            admin = channel();
        }
        return admin;
    }

    private Channel publisher() throws IOException, TimeoutException {
        if (publisher == null || !publisher.isOpen()) {
            publisher = channel();
            publisher.confirmSelect();
        }
        return publisher;
    }

    private interface ChannelAction {
        void run(Channel channel) throws IOException;
    }

    private boolean passiveDeclareSucceeds(ChannelAction declare) throws IOException, TimeoutException {
        Channel channel = channel();
        try {
            declare.run(channel);
            channel.close();
            return true;
        } catch (IOException e) {
            if (ProtocolErrors.channelCloseCode(e) == AMQP.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    private void deleteNamedQueuesAndExchanges() throws IOException, TimeoutException {
        try (Connection cleaner = factory().newConnection()) {
            Channel channel = cleaner.createChannel();
            for (String name : names) {
                channel = deleteQuietly(cleaner, channel, ch -> ch.queueDelete(name));
                channel = deleteQuietly(cleaner, channel, ch -> ch.exchangeDelete(name));
            }
        }
    }

    /** Runs one delete; a broker that refuses it closes only that channel, so go on with a new one. */
    private static Channel deleteQuietly(Connection cleaner, Channel channel, ChannelAction delete) throws IOException {
        try {
            delete.run(channel);
            return channel;
        } catch (IOException | ShutdownSignalException refused) {
            return cleaner.createChannel();
        }
    }

    private static void closeQuietly(Connection open) {
        try {
            if (open.isOpen()) {
                open.close(Math.toIntExact(Await.TIMEOUT.toMillis()));
            }
        } catch (IOException | RuntimeException ignored) {
            // Closing after a test: a connection the broker already dropped is fine.
        }
    }

    private static BrokerTarget openTarget() {
        try {
            return BrokerTarget.open();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the broker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted starting the broker", e);
        }
    }
}
