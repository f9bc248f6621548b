package dev.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.Broker;
import dev.sluice.core.BrokerSettings;
import dev.sluice.core.Owner;
import dev.sluice.core.VirtualHost;
import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.Destination;
import dev.sluice.security.AccessControl;
import dev.sluice.security.UserRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Applying a file to a broker at start, reloading a changed one, and importing definitions. */
class ConfigServiceTest {
    @TempDir
    Path dir;

    private final Broker broker = new Broker(BrokerSettings.defaults());
    private final UserRegistry users = UserRegistry.withDefaultGuest();
    private final AccessControl access = AccessControl.withDefaultGuest();

    @AfterEach
    void close() {
        broker.close();
    }

    @Test
    void theExampleIsAppliedAtStart() {
        ConfigService service = new ConfigService(Optional.empty(), broker, users, access);
        ConfigApplier.Report report = service.applyAtStart(ConfigParser.parseFile(Path.of("config", "sluice.yaml")));

        assertTrue(report.ok(), report.failed().toString());
        VirtualHost v = broker.defaultVirtualHost();
        assertNotNull(v.exchange("orders"));
        assertNotNull(v.queue("billing.retry"));
        assertEquals(30000, v.queue("billing.retry").arguments().messageTtl());
        assertEquals("orders.dead", v.queue("stock").arguments().deadLetterExchange(), "from the policy");
        assertEquals(100000, v.queue("mail").arguments().maxLength());
        assertTrue(v.bindings().contains(new Binding("orders", Destination.queue("mail"), "order.#")));
        assertNotNull(users.user("shop"));
        assertTrue(access.allows("shop", "/", dev.sluice.security.PermissionRule.Access.WRITE, "orders"));
        assertTrue(!access.allows("shop", "/", dev.sluice.security.PermissionRule.Access.CONFIGURE, "orders"));
    }

    @Test
    void aFileWithUsersButNoGuestRemovesTheDefaultGuest() {
        ConfigService service = new ConfigService(Optional.empty(), broker, users, access);
        service.applyAtStart(ConfigParser.parse("""
                users:
                  - {name: app, password-hash: "+FZbXuzXD8WQB0XSejcFXZ0glh/YxcP7R0NRSOrQVGKZ9fax"}
                """, "t.yaml"));
        assertNull(users.user("guest"));
        assertNotNull(users.user("app"));
    }

    @Test
    void reloadAppliesTheDifferenceAndLeavesClientObjectsAlone() throws IOException {
        Path file = dir.resolve("sluice.yaml");
        Files.writeString(file, """
                vhosts:
                  - name: /
                    exchanges: [{name: x, type: direct}]
                    queues: [{name: a}, {name: b}]
                    bindings:
                      - {source: x, destination: a, routing-key: a}
                      - {source: x, destination: b, routing-key: b}
                """);
        ConfigService service = new ConfigService(Optional.of(file), broker, users, access);
        service.applyAtStart(ConfigParser.parseFile(file));
        VirtualHost v = broker.defaultVirtualHost();
        v.declareQueue(QueueDefinition.transientQueue("client", Map.of()), new Owner("client"), false);
        v.bind(new Binding("x", Destination.queue("client"), "c"), new Owner("client"));

        Files.writeString(file, """
                vhosts:
                  - name: /
                    exchanges: [{name: x, type: direct}]
                    queues: [{name: a}, {name: c}]
                    bindings:
                      - {source: x, destination: a, routing-key: a}
                      - {source: x, destination: c, routing-key: c}
                    policies:
                      - {name: limit, pattern: "^a$", definition: {max-length: 3}}
                """);
        ConfigApplier.Report report = service.reload();

        assertTrue(report.ok(), report.failed().toString());
        assertNull(v.queue("b"));
        assertNotNull(v.queue("c"));
        assertNotNull(v.queue("client"));
        assertTrue(v.bindings().contains(new Binding("x", Destination.queue("client"), "c")));
        assertTrue(v.bindings().contains(new Binding("x", Destination.queue("c"), "c")));
        assertEquals(3, v.queue("a").arguments().maxLength(), "the policy reaches the existing queue");
    }

    @Test
    void anInvalidFileIsNotReloaded() throws IOException {
        Path file = dir.resolve("sluice.yaml");
        Files.writeString(file, "vhosts:\n  - name: /\n    queues: [{name: a}]\n");
        ConfigService service = new ConfigService(Optional.of(file), broker, users, access);
        service.applyAtStart(ConfigParser.parseFile(file));
        Files.writeString(file, "vhosts:\n  - name: /\n    queues: [{name: a, durable: maybe}]\n");

        InvalidConfigException e = assertThrows(InvalidConfigException.class, service::reload);
        assertEquals(3, e.problems().get(0).line());
        assertNotNull(broker.defaultVirtualHost().queue("a"));
    }

    @Test
    void importAddsButNeverRemoves() {
        ConfigService service = new ConfigService(Optional.empty(), broker, users, access);
        broker.defaultVirtualHost().declareQueue(QueueDefinition.durable("existing", Map.of()), new Owner("t"), false);
        service.importDefinitions(ConfigParser.parse("vhosts:\n  - name: /\n    queues: [{name: imported}]\n", "t"));
        assertNotNull(broker.defaultVirtualHost().queue("existing"));
        assertNotNull(broker.defaultVirtualHost().queue("imported"));
    }
}
