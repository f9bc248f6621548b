package dev.sluice.interop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.interop.BrokerProcess;
import dev.sluice.interop.SluiceCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code sluice} command that talks to a running broker, run as its own process against the
 * packaged broker started with the example configuration: tables for people, {@code --json} for
 * scripts, exit status 1 with one line on failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private BrokerProcess broker;

    @TempDir
    Path dir;

    @BeforeAll
    void start() throws Exception {
        broker = BrokerProcess.start(List.of("--config", Path.of("config", "sluice.yaml").toAbsolutePath().toString()));
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private SluiceCommand.Result sluice(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--url") && !List.of("validate", "hash-password").contains(args[args.length > 1 ? 1 : 0])) {
            all.addAll(List.of("--url", broker.httpUrl()));
        }
        return SluiceCommand.run(dir, all);
    }

    private SluiceCommand.Result ok(String... args) throws Exception {
        SluiceCommand.Result r = sluice(args);
        assertEquals(0, r.exitCode(), r.toString());
        return r;
    }

    @Test
    void listPrintsTablesAndJson() throws Exception {
        String queues = ok("list", "queues").out();
        assertTrue(queues.lines().findFirst().orElse("").startsWith("VHOST"), queues);
        assertTrue(queues.contains("billing.retry"), queues);
        JsonNode json = JSON.readTree(ok("list", "queues", "--json").out());
        assertEquals(5, json.size());
        assertTrue(ok("list", "exchanges").out().contains("orders.dead"));
        assertTrue(ok("list", "bindings", "--vhost", "/").out().contains("order.#"));
        assertTrue(ok("list", "users").out().contains("shop"));
        assertTrue(ok("list", "connections").out().startsWith("NAME"));
        assertTrue(ok("list", "consumers").out().startsWith("VHOST"));
    }

    @Test
    void routeExplainsInWords() throws Exception {
        String out = ok("route", "--exchange", "orders", "--key", "order.created").out();
        assertTrue(out.startsWith("exchange 'orders', routing key 'order.created': reaches billing, stock, mail"), out);
        assertTrue(out.contains("orders --[order.#]--> queue mail"), out);
        assertTrue(ok("route", "--exchange", "orders", "--key", "nothing").out().contains("unroutable"));
        JsonNode json = JSON.readTree(ok("route", "--exchange", "amq.default", "--key", "stock", "--json").out());
        assertEquals("stock", json.path("queues").get(0).asText());
    }

    @Test
    void publishGetPurge() throws Exception {
        assertEquals("routed", ok("publish", "--key", "dead-letters", "--body", "hello", "--persistent",
                "--header", "k=v").out().strip());
        String got = ok("get", "--queue", "dead-letters").out();
        assertTrue(got.contains("hello") && got.contains("amq.default") == false, got);
        JsonNode json = JSON.readTree(ok("get", "--queue", "dead-letters", "--json").out());
        assertEquals("v", json.get(0).path("properties").path("headers").path("k").asText());
        assertTrue(ok("purge", "--queue", "dead-letters").out().contains("purged"));
        assertTrue(ok("get", "--queue", "dead-letters").out().contains("is empty"));
        SluiceCommand.Result unrouted = sluice("publish", "--exchange", "orders", "--key", "x", "--body", "b");
        assertEquals(1, unrouted.exitCode(), unrouted.toString());
        assertEquals("sluice: the message reached no queue (see 'sluice route')", unrouted.err().strip());
    }

    @Test
    void moveReplaysDeadLettersToWork() throws Exception {
        for (int i = 0; i < 3; i++) {
            ok("publish", "--key", "dead-letters", "--body", "dead-" + i, "--persistent");
        }
        String moved = ok("move", "--from", "dead-letters", "--to", "orders", "--key", "order.created", "--count", "2")
                .out();
        assertEquals("moved 2 messages from 'dead-letters' to 'orders'", moved.strip());
        JsonNode stock = JSON.readTree(ok("get", "--queue", "stock", "--count", "5", "--ack", "--json").out());
        assertEquals(2, stock.size());
        assertEquals("dead-0", stock.get(0).path("payload").asText());
        JsonNode left = JSON.readTree(ok("get", "--queue", "dead-letters", "--count", "5", "--json").out());
        assertEquals(1, left.size());
        SluiceCommand.Result nowhere = sluice("move", "--from", "dead-letters", "--to", "orders", "--key", "none");
        assertEquals(1, nowhere.exitCode(), nowhere.toString());
        assertTrue(nowhere.err().contains("was not routed"), nowhere.toString());
        assertEquals(1, JSON.readTree(ok("get", "--queue", "dead-letters", "--count", "5", "--json").out()).size(),
                "the message that could not move is still there");
        ok("purge", "--queue", "dead-letters");
        ok("purge", "--queue", "billing");
        ok("purge", "--queue", "mail");
    }

    @Test
    void definitionsExportAndImportInBothFormats() throws Exception {
        String yaml = ok("definitions", "export").out();
        assertTrue(yaml.contains("name: billing.retry"), yaml);
        Path json = dir.resolve("defs.json");
        ok("definitions", "export", "--format", "json", "--file", json.toString());
        assertTrue(JSON.readTree(json.toFile()).path("queues").size() >= 5);

        Path extra = dir.resolve("extra.yaml");
        Files.writeString(extra, "vhosts:\n  - name: /\n    queues:\n      - name: from-yaml\n");
        assertTrue(ok("definitions", "import", extra.toString()).out().contains("+ queue 'from-yaml'"));
        assertTrue(ok("list", "queues").out().contains("from-yaml"));
        assertTrue(ok("definitions", "import", json.toString()).out().contains("nothing to import"));

        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "vhosts:\n  - name: /\n    queues:\n      - nam: x\n");
        SluiceCommand.Result refused = sluice("definitions", "import", broken.toString());
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains(broken + ":4:9: unknown key 'nam'"), refused.toString());
    }

    @Test
    void configDiffAgainstTheRunningBroker() throws Exception {
        assertEquals("no changes", ok("config", "diff").out().strip());
        Path changed = dir.resolve("changed.yaml");
        Files.writeString(changed, Files.readString(Path.of("config", "sluice.yaml"))
                .replace("mail", "sms"));
        String diff = ok("config", "diff", changed.toString()).out();
        assertTrue(diff.contains("- queue 'mail' in vhost '/'"), diff);
        assertTrue(diff.contains("+ queue 'sms' in vhost '/'"), diff);
        assertTrue(diff.contains("~ policy 'stock-and-sms-limits'") || diff.contains("+ policy 'stock-and-sms-limits'"),
                diff);
    }

    @Test
    void failuresAreOneLineWithExitStatusOne() throws Exception {
        SluiceCommand.Result wrongPassword = sluice("list", "queues", "--password", "nope");
        assertEquals(1, wrongPassword.exitCode());
        assertTrue(wrongPassword.err().strip().startsWith("sluice: HTTP 401"), wrongPassword.toString());
        assertEquals(1, wrongPassword.err().strip().lines().count());
        SluiceCommand.Result noBroker = SluiceCommand.run(dir, List.of("list", "queues", "--url", "http://127.0.0.1:9"));
        assertEquals(1, noBroker.exitCode());
        assertTrue(noBroker.err().startsWith("sluice: cannot reach the broker at http://127.0.0.1:9"), noBroker.toString());
        SluiceCommand.Result missing = sluice("purge", "--queue", "no-such-queue");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("HTTP 404") && missing.err().contains("no queue 'no-such-queue'"),
                missing.toString());
        SluiceCommand.Result usage = SluiceCommand.run(dir, List.of("route"));
        assertEquals(2, usage.exitCode(), usage.toString());
    }

    @Test
    void everyCommandHasHelp() throws Exception {
        for (List<String> command : List.of(List.of("config", "validate"), List.of("config", "diff"),
                List.of("config", "reload"), List.of("definitions", "export"), List.of("definitions", "import"),
                List.of("list"), List.of("route"), List.of("publish"), List.of("get"), List.of("purge"), List.of("move"),
                List.of("hash-password"))) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            SluiceCommand.Result help = SluiceCommand.run(dir, args);
            assertEquals(0, help.exitCode(), help.toString());
            assertTrue(help.out().startsWith("Usage: sluice " + String.join(" ", command)), help.toString());
        }
    }
}
