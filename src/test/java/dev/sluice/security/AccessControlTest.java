package dev.sluice.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.BrokerException;
import dev.sluice.core.ErrorKind;
import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.Destination;
import dev.sluice.core.routing.ExchangeDefinition;
import dev.sluice.core.routing.ExchangeType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Which permission each operation needs on which resource, as RabbitMQ's access control table
 * has it: each operation is tried by a user who has exactly the permission it needs (allowed) and
 * by users who lack it (refused with RabbitMQ's text).
 */
class AccessControlTest {
    private final AccessControl access = new AccessControl();

    /** A user "u" with only the given patterns in "/". */
    private AccessControl only(String configure, String write, String read) {
        access.set(new PermissionRule("u", "/", configure, write, read));
        return access;
    }

    @Test
    void exchangeDeclareNeedsConfigureOnTheExchange() {
        ExchangeDefinition x = ExchangeDefinition.of("x", ExchangeType.DIRECT);
        assertDoesNotThrow(() -> only("^x$", "", "").declareExchange("u", "/", x));
        assertRefused("access to exchange 'x' in vhost '/' refused for user 'u'",
                () -> only("", ".*", ".*").declareExchange("u", "/", x));
    }

    @Test
    void exchangeDeclareWithAnAlternateExchangeNeedsReadOnItAndWriteOnTheAlternate() {
        ExchangeDefinition x = new ExchangeDefinition("x", ExchangeType.DIRECT, true, false, false,
                Map.of("alternate-exchange", "ae"));
        assertDoesNotThrow(() -> only("^x$", "^ae$", "^x$").declareExchange("u", "/", x));
        assertRefused("access to exchange 'x' in vhost '/' refused for user 'u'",
                () -> only("^x$", "^ae$", "").declareExchange("u", "/", x));
        assertRefused("access to exchange 'ae' in vhost '/' refused for user 'u'",
                () -> only("^x$", "", "^x$").declareExchange("u", "/", x));
    }

    @Test
    void exchangeDeleteNeedsConfigure() {
        assertDoesNotThrow(() -> only("^x$", "", "").deleteExchange("u", "/", "x"));
        assertRefused("access to exchange 'x' in vhost '/' refused for user 'u'",
                () -> only("", ".*", ".*").deleteExchange("u", "/", "x"));
    }

    @Test
    void queueDeclareNeedsConfigureOnTheQueueAndADeadLetterExchangeWriteOnIt() {
        QueueDefinition q = QueueDefinition.durable("q", Map.of());
        assertDoesNotThrow(() -> only("^q$", "", "").declareQueue("u", "/", q));
        assertRefused("access to queue 'q' in vhost '/' refused for user 'u'",
                () -> only("", ".*", ".*").declareQueue("u", "/", q));
        QueueDefinition withDlx = QueueDefinition.durable("q", Map.of("x-dead-letter-exchange", "dlx"));
        assertDoesNotThrow(() -> only("^q$", "^dlx$", "^q$").declareQueue("u", "/", withDlx));
        assertRefused("access to exchange 'dlx' in vhost '/' refused for user 'u'",
                () -> only("^q$", "", "^q$").declareQueue("u", "/", withDlx));
        assertRefused("access to queue 'q' in vhost '/' refused for user 'u'",
                () -> only("^q$", "^dlx$", "").declareQueue("u", "/", withDlx));
    }

    @Test
    void aServerNamedQueueIsCheckedUnderItsGeneratedName() {
        QueueDefinition generated = QueueDefinition.transientQueue("amq.gen-abc", Map.of());
        assertDoesNotThrow(() -> only("^amq\\.gen-", "", "").declareQueue("u", "/", generated));
        assertRefused("access to queue 'amq.gen-abc' in vhost '/' refused for user 'u'",
                () -> only("^app\\.", ".*", ".*").declareQueue("u", "/", generated));
    }

    @Test
    void queueDeleteNeedsConfigureAndPurgeNeedsRead() {
        assertDoesNotThrow(() -> only("^q$", "", "").deleteQueue("u", "/", "q"));
        assertRefused("access to queue 'q' in vhost '/' refused for user 'u'",
                () -> only("", ".*", ".*").deleteQueue("u", "/", "q"));
        assertDoesNotThrow(() -> only("", "", "^q$").purgeQueue("u", "/", "q"));
        assertRefused("access to queue 'q' in vhost '/' refused for user 'u'",
                () -> only(".*", ".*", "").purgeQueue("u", "/", "q"));
    }

    @Test
    void queueBindNeedsWriteOnTheQueueAndReadOnTheExchange() {
        Binding b = new Binding("x", Destination.queue("q"), "k");
        assertDoesNotThrow(() -> only("", "^q$", "^x$").bind("u", "/", b));
        assertRefused("access to queue 'q' in vhost '/' refused for user 'u'",
                () -> only(".*", "", ".*").bind("u", "/", b));
        assertRefused("access to exchange 'x' in vhost '/' refused for user 'u'",
                () -> only(".*", ".*", "^q$").bind("u", "/", b));
    }

    @Test
    void exchangeBindNeedsWriteOnTheDestinationAndReadOnTheSource() {
        Binding b = new Binding("src", Destination.exchange("dst"), "k");
        assertDoesNotThrow(() -> only("", "^dst$", "^src$").bind("u", "/", b));
        assertRefused("access to exchange 'dst' in vhost '/' refused for user 'u'",
                () -> only(".*", "^src$", ".*").bind("u", "/", b));
        assertRefused("access to exchange 'src' in vhost '/' refused for user 'u'",
                () -> only(".*", ".*", "^dst$").bind("u", "/", b));
    }

    @Test
    void publishNeedsWriteAndTheDefaultExchangeIsAmqDefault() {
        assertDoesNotThrow(() -> only("", "^orders$", "").publish("u", "/", "orders"));
        assertRefused("access to exchange 'orders' in vhost '/' refused for user 'u'",
                () -> only(".*", "", ".*").publish("u", "/", "orders"));
        assertDoesNotThrow(() -> only("", "^amq\\.default$", "").publish("u", "/", ""));
        assertRefused("access to exchange 'amq.default' in vhost '/' refused for user 'u'",
                () -> only(".*", "^orders$", ".*").publish("u", "/", ""));
    }

    @Test
    void consumeAndGetNeedRead() {
        assertDoesNotThrow(() -> only("", "", "^q$").consume("u", "/", "q"));
        assertRefused("access to queue 'q' in vhost '/' refused for user 'u'",
                () -> only(".*", ".*", "").consume("u", "/", "q"));
    }

    @Test
    void patternsAreFoundAnywhereInTheNameLikeRabbitMqs() {
        only("app", "", "");
        assertTrue(access.allows("u", "/", PermissionRule.Access.CONFIGURE, "my.app.queue"));
        assertFalse(access.allows("u", "/", PermissionRule.Access.CONFIGURE, "other"));
        assertFalse(access.allows("u", "/", PermissionRule.Access.WRITE, "anything"), "empty grants nothing");
    }

    @Test
    void openingAVhostWithoutPermissionsIsNotAllowed() {
        only(".*", ".*", ".*");
        assertDoesNotThrow(() -> access.openVhost("u", "/"));
        BrokerException e = assertThrows(BrokerException.class, () -> access.openVhost("u", "other"));
        assertEquals(ErrorKind.NOT_ALLOWED, e.kind());
        assertEquals("access to vhost 'other' refused for user 'u'", e.getMessage());
        assertRefused("access to queue 'q' in vhost 'other' refused for user 'u'",
                () -> access.consume("u", "other", "q"));
    }

    @Test
    void changesBumpTheGenerationAndCanBeTakenBack() {
        long before = access.generation();
        only(".*", ".*", ".*");
        assertNotEquals(before, access.generation());
        assertTrue(access.clear("u", "/"));
        assertFalse(access.mayOpen("u", "/"));
        only(".*", ".*", ".*");
        access.clearUser("u");
        assertFalse(access.mayOpen("u", "/"));
    }

    @Test
    void anInvalidPatternIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> only("(", ".*", ".*"));
    }

    @Test
    void theDefaultGuestMayDoEverythingInTheDefaultVhost() {
        AccessControl defaults = AccessControl.withDefaultGuest();
        assertTrue(defaults.allows("guest", "/", PermissionRule.Access.CONFIGURE, "anything"));
        assertFalse(defaults.mayOpen("guest", "other"));
    }

    private static void assertRefused(String message, Executable operation) {
        BrokerException e = assertThrows(BrokerException.class, operation);
        assertEquals(ErrorKind.ACCESS_REFUSED, e.kind());
        assertEquals(message, e.getMessage());
    }
}
