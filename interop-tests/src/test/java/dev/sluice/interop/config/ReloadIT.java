package dev.sluice.interop.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.sluice.interop.BrokerProcess;
import dev.sluice.interop.SluiceCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloading a changed configuration (through {@code sluice config reload} and through SIGHUP)
 * while a client stays connected: new objects appear, removed ones go, the client's own queue and
 * its connection stay.
 */
class ReloadIT {
    private static final String BEFORE = """
            vhosts:
              - name: /
                exchanges:
                  - {name: events, type: topic}
                queues:
                  - name: audit
                  - name: old
                bindings:
                  - {source: events, destination: audit, routing-key: "#"}
                  - {source: events, destination: old, routing-key: "old.#"}
            """;
    private static final String AFTER = """
            vhosts:
              - name: /
                exchanges:
                  - {name: events, type: topic}
                queues:
                  - name: audit
                  - name: fresh
                bindings:
                  - {source: events, destination: audit, routing-key: "#"}
                  - {source: events, destination: fresh, routing-key: "fresh.#"}
                policies:
                  - {name: audit-cap, pattern: "^audit$", apply-to: queues, definition: {max-length: 2}}
            """;

    @TempDir
    Path dir;

    @Test
    void reloadCommandAppliesTheDifferenceWhileAClientStaysConnected() throws Exception {
        Path file = dir.resolve("sluice.yaml");
        Files.writeString(file, BEFORE);
        try (BrokerProcess broker = BrokerProcess.start(List.of("--config", file.toString()));
                Connection connection = ConfigStartIT.factory(broker, "guest", "guest").newConnection()) {
            Channel ch = connection.createChannel();
            ch.queueDeclare("client-made", false, false, false, null);
            ch.queueBind("client-made", "events", "#");

            Files.writeString(file, AFTER);
            SluiceCommand.Result reload = SluiceCommand.run(dir, List.of("config", "reload", "--url", broker.httpUrl()));
            assertEquals(0, reload.exitCode(), reload.toString());
            assertTrue(reload.out().contains("- queue 'old' in vhost '/'"), reload.toString());
            assertTrue(reload.out().contains("+ queue 'fresh' in vhost '/'"), reload.toString());

            assertTrue(connection.isOpen() && ch.isOpen(), "the client stays connected");
            ch.queueDeclarePassive("fresh");
            ch.queueDeclarePassive("client-made");
            for (int i = 0; i < 4; i++) {
                ch.basicPublish("events", "fresh.x", new AMQP.BasicProperties(), ("m" + i).getBytes(UTF_8));
            }
            awaitCount(ch, "fresh", 4);
            assertEquals(2, ch.queueDeclarePassive("audit").getMessageCount(), "the new policy caps audit at 2");
            assertEquals(4, ch.queueDeclarePassive("client-made").getMessageCount());
            Channel probe = connection.createChannel();
            assertThrows(IOException.class, () -> probe.queueDeclarePassive("old"));
        }
    }

    @Test
    void sighupReloadsAndAnInvalidFileChangesNothing() throws Exception {
        Path file = dir.resolve("sluice.yaml");
        Files.writeString(file, BEFORE);
        try (BrokerProcess broker = BrokerProcess.start(List.of("--config", file.toString()));
                Connection connection = ConfigStartIT.factory(broker, "guest", "guest").newConnection()) {
            Files.writeString(file, "vhosts:\n  - name: /\n    queus: []\n");
            new ProcessBuilder("kill", "-HUP", Long.toString(broker.pid())).start().waitFor();
            awaitOutput(broker, "configuration not reloaded");
            assertTrue(broker.output().contains(":3:5: unknown key 'queus'"), broker.output());
            Channel ch = connection.createChannel();
            ch.queueDeclarePassive("old");

            Files.writeString(file, AFTER);
            new ProcessBuilder("kill", "-HUP", Long.toString(broker.pid())).start().waitFor();
            awaitOutput(broker, "SIGHUP: configuration reloaded");
            ch.queueDeclarePassive("fresh");
            assertTrue(connection.isOpen());
        }
    }

    private static void awaitOutput(BrokerProcess broker, String text) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!broker.output().contains(text) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(broker.output().contains(text), broker.output());
    }

    private static void awaitCount(Channel ch, String queue, long expected) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (ch.queueDeclarePassive(queue).getMessageCount() != expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(expected, ch.queueDeclarePassive(queue).getMessageCount());
    }
}
