package dev.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The difference between a file and a running broker: what is added, changed, removed and left alone. */
class ConfigDiffTest {
    private static final String HASH = "+FZbXuzXD8WQB0XSejcFXZ0glh/YxcP7R0NRSOrQVGKZ9fax";
    private static final String OTHER_HASH = "0RDMObW9r1gC9kIHxo/6fpJSi67K4S+sPdoGG+kETjnVfnpz";

    private static final SluiceConfig BEFORE = parse("""
            users:
              - {name: app, password-hash: "%s"}
              - {name: old, password-hash: "%s"}
            permissions:
              - {user: app, vhost: /, configure: ".*", write: ".*", read: ".*"}
            vhosts:
              - name: /
                exchanges:
                  - {name: x, type: topic}
                  - {name: gone, type: fanout}
                queues:
                  - name: a
                  - name: b
                bindings:
                  - {source: x, destination: a, routing-key: "a.#"}
                  - {source: x, destination: b, routing-key: "b.#"}
                policies:
                  - {name: ttl, pattern: "^a$", definition: {message-ttl: 1000}}
            """.formatted(HASH, HASH));

    @Test
    void nothingChangesWhenTheBrokerMatchesTheFile() {
        assertEquals(List.of(), ConfigDiff.compute(BEFORE, BEFORE, BEFORE));
    }

    @Test
    void everythingIsAddedToAnEmptyBrokerInDependencyOrder() {
        List<String> lines = describe(ConfigDiff.compute(SluiceConfig.EMPTY, BEFORE, runningEmpty()));
        assertEquals(List.of(
                "+ user 'app'",
                "+ user 'old'",
                "+ permissions of user 'app' in vhost '/': configure '.*', write '.*', read '.*'",
                "+ policy 'ttl' in vhost '/' (pattern '^a$', apply-to all, priority 0, definition {message-ttl=1000})",
                "+ exchange 'x' (topic) in vhost '/'",
                "+ exchange 'gone' (fanout) in vhost '/'",
                "+ queue 'a' in vhost '/'",
                "+ queue 'b' in vhost '/'",
                "+ binding from exchange 'x' to queue 'a' with routing key 'a.#' in vhost '/'",
                "+ binding from exchange 'x' to queue 'b' with routing key 'b.#' in vhost '/'"), lines);
    }

    @Test
    void removedFromTheFileIsRemovedFromTheBrokerAndChangesAreApplied() {
        // the binding to queue 'b' goes with the queue, so it is no change of its own
        SluiceConfig after = parse("""
                users:
                  - {name: app, password-hash: "%s", tags: [management]}
                permissions:
                  - {user: app, vhost: /, configure: "^$", write: ".*", read: ".*"}
                vhosts:
                  - name: /
                    exchanges:
                      - {name: x, type: topic}
                    queues:
                      - name: a
                      - name: c
                    bindings:
                      - {source: x, destination: a, routing-key: "a.#"}
                      - {source: x, destination: c, routing-key: "c.#"}
                    policies:
                      - {name: ttl, pattern: "^a$", definition: {message-ttl: 2000}}
                """.formatted(OTHER_HASH));
        List<String> lines = describe(ConfigDiff.compute(BEFORE, after, BEFORE));
        assertEquals(List.of(
                "- exchange 'gone' in vhost '/'",
                "- queue 'b' in vhost '/'",
                "- user 'old'",
                "~ user 'app' (tags: management)",
                "~ permissions of user 'app' in vhost '/': configure '^$', write '.*', read '.*'",
                "~ policy 'ttl' in vhost '/' (pattern '^a$', apply-to all, priority 0, definition {message-ttl=2000})",
                "+ queue 'c' in vhost '/'",
                "+ binding from exchange 'x' to queue 'c' with routing key 'c.#' in vhost '/'"), lines);
    }

    @Test
    void whatClientsMadeIsLeftAlone() {
        SluiceConfig running = parse("""
                users:
                  - {name: app, password-hash: "%s"}
                  - {name: old, password-hash: "%s"}
                  - {name: runtime-user, password-hash: "%s"}
                permissions:
                  - {user: app, vhost: /, configure: ".*", write: ".*", read: ".*"}
                vhosts:
                  - name: /
                    exchanges:
                      - {name: x, type: topic}
                      - {name: gone, type: fanout}
                      - {name: client-exchange, type: direct}
                    queues:
                      - name: a
                      - name: b
                      - name: client-queue
                    bindings:
                      - {source: x, destination: a, routing-key: "a.#"}
                      - {source: x, destination: b, routing-key: "b.#"}
                      - {source: x, destination: client-queue}
                    policies:
                      - {name: ttl, pattern: "^a$", definition: {message-ttl: 1000}}
                """.formatted(HASH, HASH, HASH));
        assertEquals(List.of(), ConfigDiff.compute(BEFORE, BEFORE, running));
    }

    @Test
    void aQueueThatDiffersIsReportedNotChanged() {
        SluiceConfig after = parse("""
                vhosts:
                  - name: /
                    queues:
                      - name: a
                        arguments: {x-max-length: 5}
                """);
        List<Change> changes = ConfigDiff.compute(BEFORE, after, BEFORE);
        Change differs = changes.stream().filter(c -> c instanceof Change.Differs).findFirst().orElseThrow();
        assertTrue(differs.describe().startsWith("! queue 'a' in vhost '/' differs from the file (arguments: "),
                differs.describe());
        assertTrue(!differs.applies());
    }

    @Test
    void withoutAUsersSectionUsersAreNotCompared() {
        SluiceConfig noUsers = parse("vhosts:\n  - name: /\n");
        assertTrue(ConfigDiff.compute(SluiceConfig.EMPTY, noUsers, BEFORE).isEmpty());
    }

    @Test
    void aVhostRemovedFromTheFileIsDeletedWithEverythingInIt() {
        SluiceConfig with = parse("vhosts:\n  - name: tenant\n    queues:\n      - name: q\n");
        SluiceConfig without = parse("vhosts: []\n");
        assertEquals(List.of("- vhost 'tenant'"), describe(ConfigDiff.compute(with, without, with)));
    }

    private static SluiceConfig runningEmpty() {
        return new SluiceConfig(ServerConfig.NONE, true, List.of(), List.of(), List.of(VhostConfig.empty("/")));
    }

    private static List<String> describe(List<Change> changes) {
        return changes.stream().map(Change::describe).toList();
    }

    private static SluiceConfig parse(String yaml) {
        return ConfigParser.parse(yaml, "test.yaml");
    }
}
