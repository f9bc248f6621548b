package dev.sluice.interop.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.sluice.interop.BrokerProcess;
import dev.sluice.interop.SluiceCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged broker started with a configuration file: the shipped example's topology seen with
 * the RabbitMQ Java client, a broken file refused with every problem, and validation from the
 * command line.
 */
class ConfigStartIT {
    static final Path EXAMPLE = Path.of("config", "sluice.yaml").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void theExampleTopologyRoutesOrdersToBillingStockAndMail() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(List.of("--config", EXAMPLE.toString()));
                Connection connection = factory(broker, "guest", "guest").newConnection()) {
            Channel ch = connection.createChannel();
            for (String q : List.of("billing", "billing.retry", "stock", "mail", "dead-letters")) {
                assertEquals(0, ch.queueDeclarePassive(q).getMessageCount(), q);
            }
            ch.confirmSelect();
            ch.basicPublish("orders", "order.created", new AMQP.BasicProperties(), "o-1".getBytes(UTF_8));
            ch.basicPublish("orders", "order.shipped.late", new AMQP.BasicProperties(), "o-2".getBytes(UTF_8));
            ch.waitForConfirmsOrDie(10_000);

            assertEquals("o-1", text(ch.basicGet("billing", true)));
            assertNull(ch.basicGet("billing", true), "order.* does not match order.shipped.late");
            assertEquals("o-1", text(ch.basicGet("stock", true)));
            assertEquals("o-1", text(ch.basicGet("mail", true)));
            assertEquals("o-2", text(ch.basicGet("mail", true)));
        }
    }

    @Test
    void aRejectedBillingMessageWaitsInTheRetryQueue() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(List.of("--config", EXAMPLE.toString()));
                Connection connection = factory(broker, "guest", "guest").newConnection()) {
            Channel ch = connection.createChannel();
            ch.confirmSelect();
            ch.basicPublish("orders", "order.paid", new AMQP.BasicProperties(), "pay".getBytes(UTF_8));
            ch.waitForConfirmsOrDie(10_000);
            GetResponse got = ch.basicGet("billing", false);
            ch.basicReject(got.getEnvelope().getDeliveryTag(), false);

            assertEquals(1, awaitCount(ch, "billing.retry", 1));
        }
    }

    @Test
    void theShopUserMayPublishButNotDeclare() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(List.of("--config", EXAMPLE.toString()));
                Connection connection = factory(broker, "shop", "shop-secret").newConnection()) {
            Channel ch = connection.createChannel();
            ch.confirmSelect();
            ch.basicPublish("orders", "order.created", new AMQP.BasicProperties(), "x".getBytes(UTF_8));
            ch.waitForConfirmsOrDie(10_000);
            assertNotNull(ch.basicGet("stock", true));
            IOException refused = assertThrows(IOException.class, () -> ch.queueDeclare("mine", true, false, false, null));
            assertTrue(String.valueOf(refused.getCause()).contains(
                    "ACCESS_REFUSED - access to queue 'mine' in vhost '/' refused for user 'shop'"), refused.toString());
        }
    }

    @Test
    void aBrokenFileIsRefusedWithEveryProblemAndExitStatusOne() throws Exception {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, """
                vhosts:
                  - name: /
                    exchanges:
                      - {name: orders, type: topics}
                    queues:
                      - name: billing
                        durabel: true
                    bindings:
                      - {source: orders, destination: biling}
                """);
        SluiceCommand.Result result = SluiceCommand.run(dir, List.of("start", "--amqp-port", "0", "--http-port", "0",
                "--data-dir", dir.resolve("data").toString(), "--config", broken.toString()));

        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.err().contains(broken + ":4:30: unknown exchange type 'topics'"), result.toString());
        assertTrue(result.err().contains(broken + ":7:9: unknown key 'durabel'"), result.toString());
        assertTrue(result.err().contains(broken + ":9:39: binding to queue 'biling'"), result.toString());
        assertFalse(result.out().contains("sluice ready"), result.toString());
        assertFalse(Files.exists(dir.resolve("data")), "nothing was started");
    }

    @Test
    void validateSaysValidOrListsProblems() throws Exception {
        SluiceCommand.Result ok = SluiceCommand.run(dir, List.of("config", "validate", EXAMPLE.toString()));
        assertEquals(0, ok.exitCode(), ok.toString());
        assertEquals(EXAMPLE + ": valid", ok.out().strip());

        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "vhosts:\n  - name: /\n    queus: []\n");
        SluiceCommand.Result bad = SluiceCommand.run(dir, List.of("config", "validate", broken.toString()));
        assertEquals(1, bad.exitCode(), bad.toString());
        assertEquals(broken + ":3:5: unknown key 'queus' in a vhost; did you mean 'queues'? "
                + "(allowed: name, exchanges, queues, bindings, policies)", bad.out().strip());
    }

    @Test
    void hashPasswordMakesAHashTheBrokerAccepts() throws Exception {
        SluiceCommand.Result hash = SluiceCommand.run(dir, List.of("hash-password"), "s3cret\n");
        assertEquals(0, hash.exitCode(), hash.toString());
        Path config = dir.resolve("users.yaml");
        Files.writeString(config, """
                users:
                  - {name: app, password-hash: "%s"}
                permissions:
                  - {user: app, vhost: /, configure: ".*", write: ".*", read: ".*"}
                """.formatted(hash.out().strip()));
        try (BrokerProcess broker = BrokerProcess.start(List.of("--config", config.toString()));
                Connection connection = factory(broker, "app", "s3cret").newConnection()) {
            assertTrue(connection.isOpen());
            assertThrows(Exception.class, () -> factory(broker, "guest", "guest").newConnection(),
                    "a users section without guest removes guest");
        }
    }

    static ConnectionFactory factory(BrokerProcess broker, String user, String password) {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(broker.host());
        f.setPort(broker.amqpPort());
        f.setUsername(user);
        f.setPassword(password);
        f.setAutomaticRecoveryEnabled(false);
        return f;
    }

    private static String text(GetResponse r) {
        assertNotNull(r);
        return new String(r.getBody(), UTF_8);
    }

    private static long awaitCount(Channel ch, String queue, long expected) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        long count = -1;
        while (System.currentTimeMillis() < deadline) {
            count = ch.queueDeclarePassive(queue).getMessageCount();
            if (count == expected) {
                return count;
            }
            Thread.sleep(20);
        }
        return count;
    }
}
