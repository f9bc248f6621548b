package dev.sluice.core.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.BrokerException;
import dev.sluice.core.ErrorKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueArgumentsTest {
    private static QueueArguments parse(Map<String, Object> args) {
        return QueueArguments.parse("q", "/", args);
    }

    private static String refusal(Map<String, Object> args) {
        BrokerException e = assertThrows(BrokerException.class, () -> parse(args));
        assertEquals(ErrorKind.PRECONDITION_FAILED, e.kind());
        return e.getMessage();
    }

    @Test
    void parsesEveryKnownArgument() {
        QueueArguments a = parse(Map.of("x-message-ttl", 1000, "x-expires", 5000L, "x-max-length", (short) 10,
                "x-max-length-bytes", 1024, "x-overflow", "reject-publish-dlx", "x-dead-letter-exchange", "dlx",
                "x-dead-letter-routing-key", "dead", "x-max-priority", (byte) 10, "x-delivery-limit", 3,
                "x-single-active-consumer", true));
        assertEquals(1000, a.messageTtl());
        assertEquals(5000, a.expires());
        assertEquals(10, a.maxLength());
        assertEquals(1024, a.maxLengthBytes());
        assertEquals(Overflow.REJECT_PUBLISH_DLX, a.overflow());
        assertEquals("dlx", a.deadLetterExchange());
        assertEquals("dead", a.deadLetterRoutingKey());
        assertEquals(10, a.maxPriority());
        assertEquals(3, a.deliveryLimit());
        assertTrue(a.singleActiveConsumer());
    }

    @Test
    void defaultsWhenAbsent() {
        QueueArguments a = parse(Map.of("user-key", "kept"));
        assertEquals(-1, a.messageTtl());
        assertEquals(Overflow.DROP_HEAD, a.overflow());
        assertEquals(0, a.maxPriority());
    }

    @Test
    void refusesWrongTypesAndRangesNamingTheArgument() {
        assertTrue(refusal(Map.of("x-message-ttl", -1)).contains("'x-message-ttl'"));
        assertTrue(refusal(Map.of("x-message-ttl", "100")).contains("non-negative integer"));
        assertTrue(refusal(Map.of("x-expires", 0)).contains("'x-expires'"));
        assertTrue(refusal(Map.of("x-message-ttl", 315_360_000_001L)).contains("ten years"));
        assertTrue(refusal(Map.of("x-expires", 315_360_000_001L)).contains("ten years"));
        assertEquals(315_360_000_000L, parse(Map.of("x-message-ttl", 315_360_000_000L)).messageTtl());
        assertTrue(refusal(Map.of("x-max-length", 1.5)).contains("'x-max-length'"));
        assertTrue(refusal(Map.of("x-max-priority", 256)).contains("0 to 255"));
        assertTrue(refusal(Map.of("x-overflow", "drop-tail")).contains("drop-head, reject-publish"));
        assertTrue(refusal(Map.of("x-single-active-consumer", "yes")).contains("true or false"));
        assertTrue(refusal(Map.of("x-dead-letter-exchange", 5)).contains("a string"));
        assertTrue(refusal(Map.of("x-queue-type", "stream")).contains("'x-queue-type'"));
    }

    @Test
    void deadLetterRoutingKeyNeedsADeadLetterExchange() {
        assertTrue(refusal(Map.of("x-dead-letter-routing-key", "k")).contains("requires x-dead-letter-exchange"));
    }

    @Test
    void unknownXArgumentIsRefusedWithTheKnownOnesListed() {
        String msg = refusal(Map.of("x-message-tll", 5));
        assertTrue(msg.contains("unknown argument 'x-message-tll'"), msg);
        assertTrue(msg.contains("x-message-ttl"), msg);
    }

    @Test
    void rabbitArgumentsWithoutEffectHereAreAccepted() {
        parse(Map.of("x-queue-mode", "lazy", "x-queue-type", "classic"));
    }
}
