package dev.sluice.amqp10.jms;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.message.Message;
import dev.sluice.core.message.MessageProperties;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SelectorTest {
    private final Message message;

    SelectorTest() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("color", "red");
        props.put("size", 10);
        props.put("weight", 2.5);
        props.put("big", 10_000_000_000L);
        props.put("urgent", true);
        props.put("path", "a_b%c");
        props.put("b", (byte) 3);
        message = Message.builder().body("x").properties(MessageProperties.builder().headers(props).persistent()
                .priority(7).messageId("ID:1").correlationId("corr").type("order")
                .timestamp(Instant.ofEpochMilli(1000)).build()).build();
    }

    @AfterEach
    void release() {
        message.release();
    }

    private boolean matches(String selector) {
        return Selector.parse(selector).test(message);
    }

    @Test
    void comparisons() {
        assertTrue(matches("color = 'red'"));
        assertFalse(matches("color <> 'red'"));
        assertTrue(matches("size > 9 AND size >= 10 AND size < 11 AND size <= 10 AND size <> 3"));
        assertTrue(matches("weight = 2.5"));
        assertTrue(matches("size = 10.0"), "integral and floating compare by value");
        assertTrue(matches("big > 9999999999"));
        assertTrue(matches("b = 3"));
        assertTrue(matches("urgent = TRUE"));
        assertTrue(matches("urgent"));
    }

    @Test
    void keywordsAreCaseInsensitiveButIdentifiersAreNot() {
        assertTrue(matches("color = 'red' and SIZE is null"));
        assertFalse(matches("Color = 'red'"), "Color is another, missing property");
        assertFalse(matches("NOT (Color = 'red')"), "NOT unknown is unknown");
    }

    @Test
    void arithmetic() {
        assertTrue(matches("size * 2 + 1 = 21"));
        assertTrue(matches("size / 4 = 2"), "integer division");
        assertTrue(matches("weight * 2 = 5"));
        assertTrue(matches("-size = -10"));
        assertTrue(matches("size - 3 * 2 = 4"), "precedence");
        assertFalse(matches("size / 0 = 1"));
    }

    @Test
    void between() {
        assertTrue(matches("size BETWEEN 5 AND 10"));
        assertFalse(matches("size BETWEEN 11 AND 20"));
        assertTrue(matches("size NOT BETWEEN 11 AND 20"));
    }

    @Test
    void in() {
        assertTrue(matches("color IN ('blue', 'red')"));
        assertFalse(matches("color IN ('blue')"));
        assertTrue(matches("color NOT IN ('blue', 'green')"));
        assertFalse(matches("missing IN ('x')"));
        assertFalse(matches("missing NOT IN ('x')"), "unknown stays unknown");
    }

    @Test
    void like() {
        assertTrue(matches("color LIKE 'r%'"));
        assertTrue(matches("color LIKE '_ed'"));
        assertFalse(matches("color LIKE 'r'"));
        assertTrue(matches("color NOT LIKE 'b%'"));
        assertTrue(matches("path LIKE 'a\\_b\\%c' ESCAPE '\\'"));
        assertFalse(matches("path LIKE 'a\\_bx%' ESCAPE '\\'"));
        assertFalse(matches("path LIKE 'a.b%'"), "regex characters are literal");
    }

    @Test
    void nulls() {
        assertTrue(matches("missing IS NULL"));
        assertTrue(matches("color IS NOT NULL"));
        assertFalse(matches("missing = 'x'"));
        assertFalse(matches("NOT (missing = 'x')"), "NOT unknown is unknown");
        assertTrue(matches("missing = 'x' OR color = 'red'"));
        assertFalse(matches("missing = 'x' AND color = 'red'"));
    }

    @Test
    void typeMismatchIsUnknown() {
        assertFalse(matches("color = 1"));
        assertFalse(matches("size = '10'"));
        assertFalse(matches("color > 'a'"), "strings only compare for equality");
    }

    @Test
    void jmsHeaderFields() {
        assertTrue(matches("JMSPriority > 5"));
        assertTrue(matches("JMSDeliveryMode = 'PERSISTENT'"));
        assertTrue(matches("JMSMessageID = 'ID:1'"));
        assertTrue(matches("JMSCorrelationID = 'corr'"));
        assertTrue(matches("JMSType = 'order'"));
        assertTrue(matches("JMSTimestamp = 1000"));
    }

    @Test
    void literalsOfEveryForm() {
        assertTrue(matches("weight = 25E-1"));
        assertTrue(matches("weight < .3e1"));
        assertTrue(matches("size = 10L"));
        assertTrue(matches("'it''s' = 'it''s'"));
    }

    @Test
    void badSelectorsAreRefusedWithAPosition() {
        assertThrows(SelectorException.class, () -> Selector.parse("color = "));
        assertThrows(SelectorException.class, () -> Selector.parse("color = 'red"));
        assertThrows(SelectorException.class, () -> Selector.parse("(size > 1"));
        assertThrows(SelectorException.class, () -> Selector.parse("size >> 1"));
        assertThrows(SelectorException.class, () -> Selector.parse("color LIKE 'a' ESCAPE 'ab'"));
        assertThrows(SelectorException.class, () -> Selector.parse("color NOT 'a'"));
        assertThrows(SelectorException.class, () -> Selector.parse("size IN (1, 2)"));
        assertThrows(SelectorException.class, () -> Selector.parse("a = 1 b"));
    }
}
