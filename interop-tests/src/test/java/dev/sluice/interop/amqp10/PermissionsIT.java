package dev.sluice.interop.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import dev.sluice.interop.BrokerProcess;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * User permissions on AMQP 1.0 links, the rules RabbitMQ 4 applies: a sender needs write on the
 * exchange its messages go to (the default exchange {@code amq.default} for a queue address), a
 * receiver read on its queue, a queue made on demand configure on it, a topic subscription also
 * write on its queue and read on {@code amq.topic}; a virtual host without permissions refuses the
 * connection. A refused attach is closed with {@code amqp:unauthorized-access} naming the missing
 * permission and the resource. Seen with a raw proton-j client and with Qpid JMS, as users limited
 * by the configuration file.
 */
@Timeout(60)
class PermissionsIT {
    private static final String HASH = "0RDMObW9r1gC9kIHxo/6fpJSi67K4S+sPdoGG+kETjnVfnpz"; // shop-secret
    private static final String PASSWORD = "shop-secret";
    private static BrokerProcess broker;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("sluice-amqp10-permissions-");
        Path file = dir.resolve("sluice.yaml");
        Files.writeString(file, """
                users:
                  - {name: admin, password-hash: "%1$s"}
                  - {name: app, password-hash: "%1$s"}
                  - {name: watcher, password-hash: "%1$s"}
                permissions:
                  - {user: admin, vhost: /, configure: ".*", write: ".*", read: ".*"}
                  - {user: app, vhost: /, configure: "^app\\\\.", write: "^(in|app\\\\..*)$", read: "^(app|shared)\\\\."}
                  - {user: watcher, vhost: /, configure: "^amq\\\\.gen", write: "^amq\\\\.gen", read: "^amq\\\\.gen"}
                vhosts:
                  - name: /
                    exchanges:
                      - {name: in, type: direct}
                      - {name: locked, type: direct}
                    queues:
                      - name: app.q
                      - name: other
                    bindings:
                      - {source: in, destination: app.q, routing-key: k}
                  - name: private
                """.formatted(HASH));
        broker = BrokerProcess.start(List.of("--config", file.toString()));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                // already closed by the broker
            }
        }
        open.clear();
    }

    // ---------------------------------------------------------------- raw proton-j

    @Test
    void aSenderNeedsWriteOnTheExchange() throws Exception {
        ProtonClient app = client("app");
        assertEquals(EndpointState.ACTIVE, app.sender("/exchanges/in/k").getRemoteState());
        refused(app, app.sender("/exchanges/locked"),
                "write access to exchange 'locked' in vhost '/' refused for user 'app'");
    }

    @Test
    void aSenderToAQueueNeedsWriteOnTheDefaultExchange() throws Exception {
        ProtonClient app = client("app");
        refused(app, app.sender("/queues/app.q"),
                "write access to exchange 'amq.default' in vhost '/' refused for user 'app'");
        refused(app, app.sender("/exchanges/amq.default/app.q"),
                "write access to exchange 'amq.default' in vhost '/' refused for user 'app'");
        ProtonClient admin = client("admin");
        assertEquals(EndpointState.ACTIVE, admin.sender("/queues/app.q").getRemoteState());
    }

    @Test
    void aReceiverNeedsReadOnTheQueue() throws Exception {
        ProtonClient app = client("app");
        assertEquals(EndpointState.ACTIVE, app.receiver("/queues/app.q", SenderSettleMode.UNSETTLED, 1)
                .getRemoteState());
        refused(app, app.receiver("/queues/other", SenderSettleMode.UNSETTLED, 1),
                "read access to queue 'other' in vhost '/' refused for user 'app'");
    }

    @Test
    void onAnAnonymousRelayEachMessageIsChecked() throws Exception {
        ProtonClient app = client("app");
        var relay = app.sender(null);
        assertInstanceOf(Accepted.class, app.send(relay, message("/exchanges/in/k")));
        DeliveryState refused = app.send(relay, message("/exchanges/locked/k"));
        ErrorCondition error = assertInstanceOf(Rejected.class, refused).getError();
        assertEquals(AmqpError.UNAUTHORIZED_ACCESS, error.getCondition());
        assertEquals("write access to exchange 'locked' in vhost '/' refused for user 'app'", error.getDescription());
        assertEquals(EndpointState.ACTIVE, relay.getRemoteState(), "the link stays attached");
    }

    @Test
    void aVirtualHostWithoutPermissionsRefusesTheConnection() throws Exception {
        ProtonClient app = new ProtonClient(broker.host(), broker.amqpPort(), "app", PASSWORD, "vhost:private");
        open.add(app);
        ErrorCondition e = app.awaitConnectionClosed();
        assertEquals(AmqpError.UNAUTHORIZED_ACCESS, e.getCondition());
        assertEquals("access to vhost 'private' refused for user 'app'", e.getDescription());
    }

    @Test
    void dynamicNodesNeedConfigureOnTheirGeneratedName() throws Exception {
        ProtonClient app = client("app");
        var dynamic = app.dynamicReceiver();
        ErrorCondition e = app.awaitClosed(dynamic);
        assertEquals(AmqpError.UNAUTHORIZED_ACCESS, e.getCondition());
        assertTrue(e.getDescription().startsWith("configure access to queue 'amq.gen-"), e.getDescription());
        ProtonClient watcher = client("watcher");
        assertEquals(EndpointState.ACTIVE, watcher.dynamicReceiver().getRemoteState());
    }

    // ---------------------------------------------------------------- Qpid JMS

    @Test
    void aJmsQueueMadeOnDemandNeedsConfigureAndNothingIsMadeWithout() throws Exception {
        Session app = jms("app");
        assertNotNull(app.createConsumer(app.createQueue("app.made")));
        JMSSecurityException e = assertThrows(JMSSecurityException.class,
                () -> app.createConsumer(app.createQueue("shared.made")));
        assertTrue(e.getMessage().contains("configure access to queue 'shared.made' in vhost '/' refused for user "
                + "'app'"), e.getMessage());
        e = assertThrows(JMSSecurityException.class, () -> app.createConsumer(app.createQueue("nope")));
        assertTrue(e.getMessage().contains("read access to queue 'nope'"), e.getMessage());
        assertQueueMissing("shared.made");
        assertQueueMissing("nope");
    }

    @Test
    void jmsProducersNeedWriteOnWhereTheirMessagesGo() throws Exception {
        Session app = jms("app");
        JMSSecurityException toQueue = assertThrows(JMSSecurityException.class,
                () -> app.createProducer(app.createQueue("app.q")));
        assertTrue(toQueue.getMessage().contains("write access to exchange 'amq.default'"), toQueue.getMessage());
        JMSSecurityException toTopic = assertThrows(JMSSecurityException.class,
                () -> app.createProducer(app.createTopic("news")));
        assertTrue(toTopic.getMessage().contains("write access to exchange 'amq.topic'"), toTopic.getMessage());
    }

    @Test
    void aTopicSubscriptionNeedsConfigureAndWriteOnItsQueueAndReadOnAmqTopic() throws Exception {
        Session app = jms("app");
        JMSSecurityException e = assertThrows(JMSSecurityException.class,
                () -> app.createConsumer(app.createTopic("news")));
        assertTrue(e.getMessage().contains("configure access to queue 'amq.gen-"), e.getMessage());
        Session watcher = jms("watcher");
        e = assertThrows(JMSSecurityException.class, () -> watcher.createConsumer(watcher.createTopic("news")));
        assertTrue(e.getMessage().contains("read access to exchange 'amq.topic' in vhost '/' refused for user "
                + "'watcher'"), e.getMessage());

        Session admin = jms("admin");
        var subscriber = admin.createConsumer(admin.createTopic("news"));
        admin.createProducer(admin.createTopic("news")).send(admin.createTextMessage("hello"));
        assertEquals("hello", ((TextMessage) subscriber.receive(10_000)).getText());
    }

    @Test
    void aVirtualHostWithoutPermissionsIsRefusedToJms() {
        JmsConnectionFactory f = new JmsConnectionFactory("app", PASSWORD, "amqp://" + broker.host() + ":"
                + broker.amqpPort() + "?transport.useEpoll=false&amqp.vhost=vhost:private");
        JMSSecurityException e = assertThrows(JMSSecurityException.class, () -> f.createConnection().start());
        assertTrue(e.getMessage().contains("access to vhost 'private' refused for user 'app'"), e.getMessage());
    }

    // ---------------------------------------------------------------- helpers

    private ProtonClient client(String user) throws IOException {
        ProtonClient c = new ProtonClient(broker.host(), broker.amqpPort(), user, PASSWORD, "localhost");
        open.add(c);
        assertTrue(c.awaitOpenOrClosed(), () -> user + " connects: " + c.connection().getRemoteCondition());
        return c;
    }

    private Session jms(String user) throws JMSException {
        Connection c = new JmsConnectionFactory(user, PASSWORD, "amqp://" + broker.host() + ":" + broker.amqpPort()
                + "?transport.useEpoll=false").createConnection();
        open.add(c);
        c.start();
        return c.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    private static void refused(ProtonClient client, Link link, String description) {
        ErrorCondition e = client.awaitClosed(link);
        assertEquals(AmqpError.UNAUTHORIZED_ACCESS, e.getCondition(), e::toString);
        assertEquals(description, e.getDescription());
        assertEquals(EndpointState.ACTIVE, client.connection().getRemoteState(), "only the link is refused");
    }

    private static Message message(String to) {
        Message m = Message.Factory.create();
        Properties p = new Properties();
        p.setTo(to);
        m.setProperties(p);
        m.setBody(new Data(new Binary(new byte[] {1})));
        return m;
    }

    /** A passive declare as admin over AMQP 0-9-1 finds no such queue. */
    private static void assertQueueMissing(String queue) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(broker.host());
        f.setPort(broker.amqpPort());
        f.setUsername("admin");
        f.setPassword(PASSWORD);
        try (com.rabbitmq.client.Connection c = f.newConnection()) {
            Channel ch = c.createChannel();
            IOException e = assertThrows(IOException.class, () -> ch.queueDeclarePassive(queue));
            assertTrue(String.valueOf(e.getCause()).contains("NOT_FOUND"), String.valueOf(e.getCause()));
        }
    }
}
