package dev.sluice.interop.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.ShutdownSignalException;
import dev.sluice.interop.BrokerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * Permissions enforced on AMQP 0-9-1 operations as RabbitMQ enforces them, seen with the RabbitMQ
 * Java client: 403 ACCESS_REFUSED closes the channel with RabbitMQ's text, a vhost without
 * permissions is refused at connection.open with 530.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PermissionsIT {
    private static final String HASH = "0RDMObW9r1gC9kIHxo/6fpJSi67K4S+sPdoGG+kETjnVfnpz"; // shop-secret
    private BrokerProcess broker;
    private Connection app;

    @BeforeAll
    void start() throws Exception {
        Path dir = Files.createTempDirectory("sluice-permissions-");
        Path file = dir.resolve("sluice.yaml");
        Files.writeString(file, """
                users:
                  - {name: app, password-hash: "%s"}
                permissions:
                  - {user: app, vhost: /, configure: "^app\\\\.", write: "^(app\\\\..*|in)$", read: "^(app\\\\..*|out)$"}
                vhosts:
                  - name: /
                    exchanges:
                      - {name: in, type: direct}
                      - {name: out, type: direct}
                      - {name: locked, type: direct}
                    queues:
                      - name: other
                  - name: private
                """.formatted(HASH));
        broker = BrokerProcess.start(List.of("--config", file.toString()));
        app = ConfigStartIT.factory(broker, "app", "shop-secret").newConnection();
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null && app.isOpen()) {
            app.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void declaringNeedsConfigure() throws Exception {
        Channel ch = app.createChannel();
        ch.queueDeclare("app.q1", false, false, true, null);
        ch.exchangeDeclare("app.x", "fanout", false, true, null);
        refused("access to queue 'other.q' in vhost '/' refused for user 'app'",
                c -> c.queueDeclare("other.q", false, false, true, null));
        refused("access to exchange 'other.x' in vhost '/' refused for user 'app'",
                c -> c.exchangeDeclare("other.x", "fanout"));
        refused("access to queue 'other' in vhost '/' refused for user 'app'", c -> c.queueDelete("other"));
        refused("access to exchange 'locked' in vhost '/' refused for user 'app'", c -> c.exchangeDelete("locked"));
    }

    @Test
    void serverNamedQueuesAreCheckedUnderTheirGeneratedName() throws Exception {
        refused("access to queue 'amq.gen-", c -> c.queueDeclare());
    }

    @Test
    void bindingNeedsWriteOnTheQueueAndReadOnTheExchange() throws Exception {
        Channel ch = app.createChannel();
        ch.queueDeclare("app.bound", false, false, true, null);
        ch.queueBind("app.bound", "out", "k");
        refused("access to exchange 'in' in vhost '/' refused for user 'app'", c -> c.queueBind("app.bound", "in", "k"));
        refused("access to queue 'other' in vhost '/' refused for user 'app'", c -> c.queueBind("other", "out", "k"));
        refused("access to exchange 'locked' in vhost '/' refused for user 'app'",
                c -> c.exchangeBind("locked", "out", "k"));
    }

    @Test
    void publishingNeedsWriteOnTheExchange() throws Exception {
        Channel ok = app.createChannel();
        ok.confirmSelect();
        ok.basicPublish("in", "k", new AMQP.BasicProperties(), "fine".getBytes(UTF_8));
        ok.waitForConfirmsOrDie(10_000);
        refused("access to exchange 'locked' in vhost '/' refused for user 'app'", c -> {
            c.basicPublish("locked", "k", new AMQP.BasicProperties(), "no".getBytes(UTF_8));
            c.confirmSelect();
        });
        refused("access to exchange 'amq.default' in vhost '/' refused for user 'app'", c -> {
            c.basicPublish("", "other", new AMQP.BasicProperties(), "no".getBytes(UTF_8));
            c.basicQos(1);
        });
    }

    @Test
    void consumingGettingAndPurgingNeedRead() throws Exception {
        refused("access to queue 'other' in vhost '/' refused for user 'app'",
                c -> c.basicConsume("other", true, new DefaultConsumer(c)));
        refused("access to queue 'other' in vhost '/' refused for user 'app'", c -> c.basicGet("other", true));
        refused("access to queue 'other' in vhost '/' refused for user 'app'", c -> c.queuePurge("other"));
    }

    @Test
    void aVhostWithoutPermissionsIsRefusedAtOpen() {
        var factory = ConfigStartIT.factory(broker, "app", "shop-secret");
        factory.setVirtualHost("private");
        IOException e = assertThrows(IOException.class, factory::newConnection);
        ShutdownSignalException signal = (ShutdownSignalException) e.getCause();
        AMQP.Connection.Close close = (AMQP.Connection.Close) signal.getReason();
        assertEquals(530, close.getReplyCode());
        assertEquals("NOT_ALLOWED - access to vhost 'private' refused for user 'app'", close.getReplyText());
    }

    /** Runs {@code operation} on a fresh channel and expects 403 with text starting {@code text}. */
    private void refused(String text, ChannelOperation operation) throws IOException {
        Channel ch = app.createChannel();
        Executable run = () -> operation.run(ch);
        Throwable thrown = assertThrows(Throwable.class, run);
        ShutdownSignalException signal = thrown instanceof ShutdownSignalException s ? s
                : (ShutdownSignalException) thrown.getCause();
        AMQP.Channel.Close close = (AMQP.Channel.Close) signal.getReason();
        assertEquals(403, close.getReplyCode(), close.getReplyText());
        assertTrue(close.getReplyText().startsWith("ACCESS_REFUSED - " + text), close.getReplyText());
        assertTrue(app.isOpen(), "a 403 closes the channel, not the connection");
    }

    /** One client operation. */
    @FunctionalInterface
    private interface ChannelOperation {
        void run(Channel channel) throws Exception;
    }
}
