package dev.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.policy.Policy;
import dev.sluice.core.routing.Destination;
import dev.sluice.core.routing.ExchangeType;
import dev.sluice.security.AuthSettings;
import dev.sluice.security.PermissionRule;
import dev.sluice.security.SaslMechanism;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Parsing {@code sluice.yaml} into records, and the exact position and text of each problem. */
class ConfigParserTest {
    private static final String HASH = "+FZbXuzXD8WQB0XSejcFXZ0glh/YxcP7R0NRSOrQVGKZ9fax";

    @Test
    void theShippedExampleIsValidAndHasTheShopTopology() {
        SluiceConfig config = ConfigParser.parseFile(Path.of("config", "sluice.yaml"));

        VhostConfig root = config.vhost("/").orElseThrow();
        assertEquals(List.of("orders", "orders.retry", "orders.dead"),
                root.exchanges().stream().map(x -> x.name()).toList());
        assertEquals(ExchangeType.TOPIC, root.exchanges().get(0).type());
        assertEquals(List.of("billing", "billing.retry", "stock", "mail", "dead-letters"),
                root.queues().stream().map(q -> q.name()).toList());
        assertTrue(root.bindings().stream().anyMatch(b -> b.source().equals("orders")
                && b.destination().equals(Destination.queue("billing")) && b.routingKey().equals("order.*")));
        assertEquals(30000, root.queues().get(1).arguments().get("x-message-ttl"));
        assertEquals(Policy.ApplyTo.QUEUES, root.policies().get(0).applyTo());
        assertTrue(config.declaresUsers());
        assertTrue(config.user("guest").orElseThrow().loopbackOnly());
        assertEquals(Optional.of(Duration.ofMillis(1)), config.server().commitInterval());
        assertEquals(Optional.of(5672), config.server().amqp().port());
        assertEquals(Optional.of(0.4), config.server().limits().memoryFraction());
        assertEquals(Optional.of(50_000_000L), config.server().limits().diskFreeBytes());
    }

    @Test
    void defaultsForAMinimalFile() {
        SluiceConfig config = parse("""
                vhosts:
                  - name: /
                    exchanges:
                      - {name: x, type: direct}
                    queues:
                      - name: q
                    bindings:
                      - {source: x, destination: q}
                """);
        VhostConfig v = config.vhosts().get(0);
        assertTrue(v.exchanges().get(0).durable());
        assertFalse(v.exchanges().get(0).autoDelete());
        assertTrue(v.queues().get(0).durable());
        assertEquals("", v.bindings().get(0).routingKey());
        assertFalse(config.declaresUsers());
        assertEquals(ServerConfig.NONE, config.server());
    }

    @Test
    void anEmptyFileIsValidAndDeclaresNothing() {
        assertEquals(SluiceConfig.EMPTY, parse("# nothing yet\n"));
    }

    @Test
    void usersPermissionsAndPolicies() {
        SluiceConfig config = parse("""
                users:
                  - {name: app, password-hash: "%s", tags: [management]}
                permissions:
                  - {user: app, vhost: /, configure: "^app\\\\.", write: ".*", read: ""}
                vhosts:
                  - name: /
                    policies:
                      - name: ttl
                        pattern: "^app\\\\."
                        priority: 5
                        definition: {message-ttl: 1000, max-length: 10}
                """.formatted(HASH));
        assertEquals(List.of(new PermissionRule("app", "/", "^app\\.", ".*", "")), config.permissions());
        Policy p = config.vhosts().get(0).policies().get(0);
        assertEquals(Policy.ApplyTo.ALL, p.applyTo());
        assertEquals(5, p.priority());
        assertEquals(Map.of("message-ttl", 1000, "max-length", 10), p.definition());
        assertFalse(config.user("app").orElseThrow().loopbackOnly());
    }

    @Test
    void unknownKeyNamesTheClosestKnownOneAtItsPosition() {
        assertProblem("""
                vhosts:
                  - name: /
                    queues:
                      - name: q
                        durabel: true
                """, 5, 9, "unknown key 'durabel' in a queue in vhost '/'; did you mean 'durable'?");
    }

    @Test
    void wrongTypeSaysWhatWasExpected() {
        assertProblem("""
                vhosts:
                  - name: /
                    queues:
                      - name: q
                        durable: yes
                """, 5, 18, "expected true or false for 'durable' in a queue in vhost '/', got a string 'yes'");
    }

    @Test
    void unknownExchangeTypeListsTheAllowedOnes() {
        assertProblem("""
                vhosts:
                  - name: /
                    exchanges:
                      - name: x
                        type: topics
                """, 5, 15, "unknown exchange type 'topics' for exchange 'x' in vhost '/'; did you mean 'topic'? "
                + "(allowed: direct, fanout, topic, headers)");
    }

    @Test
    void bindingToUndeclaredEnds() {
        String yaml = """
                vhosts:
                  - name: /
                    exchanges:
                      - {name: orders, type: topic}
                    queues:
                      - name: billing
                    bindings:
                      - {source: order, destination: billing}
                      - {source: orders, destination: biling}
                      - {source: orders, destination: nowhere, destination-type: exchange}
                """;
        List<ConfigProblem> problems = problems(yaml);
        assertEquals(List.of(
                new ConfigProblem("test.yaml", 8, 18, "binding from exchange 'order', which is not declared in "
                        + "vhost '/'; did you mean 'orders'?"),
                new ConfigProblem("test.yaml", 9, 39, "binding to queue 'biling', which is not declared in vhost '/'; "
                        + "did you mean 'billing'?"),
                new ConfigProblem("test.yaml", 10, 39, "binding to exchange 'nowhere', which is not declared in "
                        + "vhost '/'")), problems);
    }

    @Test
    void invalidRegularExpressions() {
        List<ConfigProblem> problems = problems("""
                users:
                  - {name: app, password-hash: "%s"}
                permissions:
                  - {user: app, vhost: /, configure: "(", write: ".*", read: ".*"}
                vhosts:
                  - name: /
                    policies:
                      - {name: p, pattern: "[a", definition: {max-length: 1}}
                """.formatted(HASH));
        assertEquals(2, problems.size(), problems.toString());
        assertEquals(new ConfigProblem("test.yaml", 4, 38,
                "configure permission: invalid regular expression '(': Unclosed group near index 1"), problems.get(0));
        assertEquals(8, problems.get(1).line());
        assertEquals(28, problems.get(1).column());
        assertTrue(problems.get(1).message().startsWith("pattern of policy 'p': invalid regular expression '[a'"));
    }

    @Test
    void duplicateNamesPointAtTheSecondAndNameTheFirst() {
        assertProblem("""
                vhosts:
                  - name: /
                    queues:
                      - name: q
                      - name: q
                """, 5, 15, "queue 'q' is declared twice in vhost '/' (first on line 4)");
    }

    @Test
    void badPolicyDefinitionKeysAndValues() {
        List<ConfigProblem> problems = problems("""
                vhosts:
                  - name: /
                    policies:
                      - name: p
                        pattern: ".*"
                        apply-to: exchanges
                        definition:
                          message-tll: 5
                          alternate-exchange: 7
                          max-length: 3
                """);
        assertEquals(List.of(
                new ConfigProblem("test.yaml", 8, 11, "unknown policy key 'message-tll' in policy 'p'; did you mean "
                        + "'message-ttl'? (allowed: message-ttl, expires, max-length, max-length-bytes, overflow, "
                        + "dead-letter-exchange, dead-letter-routing-key, max-priority, delivery-limit, alternate-exchange)"),
                new ConfigProblem("test.yaml", 9, 31, "policy key 'alternate-exchange' must be a string naming an "
                        + "exchange, got 7"),
                new ConfigProblem("test.yaml", 10, 23, "policy key 'max-length' applies to queues, but this policy "
                        + "applies to exchanges")), problems);
    }

    @Test
    void queueArgumentsAreCheckedByTheCore() {
        assertProblem("""
                vhosts:
                  - name: /
                    queues:
                      - name: q
                        arguments: {x-message-ttl: -1}
                """, 5, 36, "invalid arg 'x-message-ttl' for queue 'q' in vhost '/': -1 (integer) is not a "
                + "non-negative integer");
    }

    @Test
    void deadLetterExchangeMustBeDeclared() {
        assertProblem("""
                vhosts:
                  - name: /
                    queues:
                      - name: q
                        arguments: {x-dead-letter-exchange: dlx}
                """, 5, 45, "exchange 'dlx' is not declared in vhost '/'");
    }

    @Test
    void everyProblemIsListedInFileOrder() {
        List<ConfigProblem> problems = problems("""
                sever: {}
                users:
                  - name: a
                vhosts:
                  - name: /
                    queues:
                      - name: amq.q
                """);
        assertEquals(3, problems.size(), problems.toString());
        assertEquals("test.yaml:1:1: unknown key 'sever' in the configuration; did you mean 'server'? "
                + "(allowed: server, users, permissions, vhosts)", problems.get(0).toString());
        assertEquals("test.yaml:3:5: user 'a' needs 'password-hash' (make one with 'sluice hash-password')",
                problems.get(1).toString());
        assertEquals("test.yaml:7:15: queue name 'amq.q' uses the reserved prefix 'amq.'", problems.get(2).toString());
    }

    @Test
    void yamlSyntaxErrorsHaveAPositionToo() {
        List<ConfigProblem> problems = problems("vhosts:\n  - name: [unclosed\n");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).message().startsWith("not valid YAML"), problems.toString());
        assertTrue(problems.get(0).line() >= 2, problems.toString());
    }

    @Test
    void yaml12KeepsNoAndOffAsStrings() {
        SluiceConfig config = parse("""
                vhosts:
                  - name: /
                    queues:
                      - name: "no"
                    exchanges:
                      - {name: off, type: fanout}
                """);
        assertEquals("no", config.vhosts().get(0).queues().get(0).name());
        assertEquals("off", config.vhosts().get(0).exchanges().get(0).name());
    }

    @Test
    void sizesAndDurations() {
        SluiceConfig config = parse("""
                server:
                  limits: {memory: 2GiB, disk-free: 1024}
                  storage: {commit-interval: 2s, max-group-size: 500}
                """);
        assertEquals(Optional.of(2L * 1024 * 1024 * 1024), config.server().limits().memoryBytes());
        assertEquals(Optional.of(1024L), config.server().limits().diskFreeBytes());
        assertEquals(Optional.of(Duration.ofSeconds(2)), config.server().commitInterval());
        assertEquals(Optional.of(500), config.server().maxGroupSize());
    }

    @Test
    void authOffersAnonymousOnlyWhenListedAndNamesItsUser() {
        SluiceConfig config = parse("""
                server:
                  auth: {mechanisms: [PLAIN, anonymous], anonymous-login-user: app}
                users:
                  - {name: app, password-hash: "%s"}
                """.formatted(HASH));
        AuthSettings auth = config.server().auth().orElseThrow();
        assertEquals(List.of(SaslMechanism.PLAIN, SaslMechanism.ANONYMOUS), auth.mechanisms());
        assertEquals(Optional.of("app"), auth.anonymousLoginUser());
        assertEquals(Optional.of(AuthSettings.defaults()),
                parse("server: {auth: {mechanisms: [PLAIN, AMQPLAIN]}}").server().auth());
        assertEquals(Optional.of("guest"), parse("server: {auth: {mechanisms: [PLAIN, ANONYMOUS], "
                + "anonymous-login-user: guest}}").server().auth().orElseThrow().anonymousLoginUser(),
                "without a users section guest exists");
        assertEquals(Optional.empty(), parse("server: {data-dir: d}").server().auth());
    }

    @Test
    void authProblems() {
        assertProblem("server: {auth: {mechanisms: [PLAIN, ANONYMUS]}}", 1, 37,
                "unknown authentication mechanism 'ANONYMUS'; did you mean 'ANONYMOUS'? "
                        + "(allowed: PLAIN, AMQPLAIN, ANONYMOUS)");
        assertProblem("server: {auth: {mechanisms: [PLAIN, PLAIN]}}", 1, 37, "mechanism PLAIN is listed twice");
        assertProblem("server: {auth: {mechanisms: []}}", 1, 29, "'mechanisms' needs at least one of");
        assertProblem("server: {auth: {mechanisms: [AMQPLAIN]}}", 1, 29, "'mechanisms' needs PLAIN or ANONYMOUS");
        assertProblem("server: {auth: {mechanisms: [PLAIN, ANONYMOUS]}}", 1, 29,
                "ANONYMOUS needs 'anonymous-login-user'");
        assertProblem("server: {auth: {anonymous-login-user: guest}}", 1, 39,
                "'anonymous-login-user' is set, but ANONYMOUS is not in 'mechanisms'");
        assertProblem("server: {auth: {mechanism: [PLAIN]}}", 1, 17, "unknown key 'mechanism'");
        assertProblem("server: {auth: {mechanisms: [PLAIN, ANONYMOUS], anonymous-login-user: nobody}}", 1, 71,
                "anonymous-login-user 'nobody' does not exist: without a 'users' section the only user is 'guest'");
        assertProblem("""
                server:
                  auth: {mechanisms: [ANONYMOUS], anonymous-login-user: ap}
                users:
                  - {name: app, password-hash: "%s"}
                """.formatted(HASH), 2, 57, "anonymous-login-user 'ap' is not declared in 'users'; did you mean 'app'?");
    }

    private static SluiceConfig parse(String yaml) {
        return ConfigParser.parse(yaml, "test.yaml");
    }

    private static List<ConfigProblem> problems(String yaml) {
        return assertThrows(InvalidConfigException.class, () -> parse(yaml)).problems();
    }

    private static void assertProblem(String yaml, int line, int column, String messageStart) {
        List<ConfigProblem> problems = problems(yaml);
        assertEquals(1, problems.size(), problems.toString());
        ConfigProblem p = problems.get(0);
        assertEquals(line + ":" + column, p.line() + ":" + p.column(), p.toString());
        assertTrue(p.message().startsWith(messageStart), p.toString());
    }
}
