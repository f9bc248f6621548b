package dev.sluice.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class AddressTest {
    @Test
    void exchangeWithKey() {
        assertEquals(new Address.Exchange("amq.topic", "a.b"), Address.parse("/exchanges/amq.topic/a.b", null));
    }

    @Test
    void exchangeWithoutKeyTakesTheSubject() {
        assertEquals(new Address.Exchange("logs", null), Address.parse("/exchanges/logs", List.of()));
    }

    @Test
    void amqDefaultNamesTheDefaultExchange() {
        assertEquals(new Address.Exchange("", "q1"), Address.parse("/exchanges/amq.default/q1", null));
    }

    @Test
    void queue() {
        assertEquals(new Address.Queue("orders", false), Address.parse("/queues/orders", null));
    }

    @Test
    void namesArePercentDecoded() {
        assertEquals(new Address.Queue("a/b c", false), Address.parse("/queues/a%2Fb%20c", null));
        assertEquals(new Address.Exchange("x/y", "k/ü"), Address.parse("/exchanges/x%2Fy/k%2F%C3%BC", null));
    }

    @Test
    void encodingIsTheInverseOfDecoding() {
        String name = "weird name/with?all#sorts&ü";
        assertEquals(new Address.Queue(name, false), Address.parse(Address.ofQueue(name), null));
        assertEquals("/queues/a%20b", Address.ofQueue("a b"));
    }

    @Test
    void plainNamesAreJmsQueuesOrTopicsByCapability() {
        assertEquals(new Address.Queue("orders", true), Address.parse("orders", null));
        assertEquals(new Address.Queue("orders", true), Address.parse("orders", List.of("queue")));
        assertEquals(new Address.Topic("orders.*"), Address.parse("orders.*", List.of("topic")));
        assertEquals(new Address.Topic("t1"), Address.parse("t1", List.of("temporary-topic")));
    }

    @Test
    void malformedAddressesAreRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> Address.parse("/queues/a/b", null));
        assertThrows(IllegalArgumentException.class, () -> Address.parse("/queues/", null));
        assertThrows(IllegalArgumentException.class, () -> Address.parse("/exchanges/", null));
        assertThrows(IllegalArgumentException.class, () -> Address.parse("/exchanges/x/k/more", null));
        assertThrows(IllegalArgumentException.class, () -> Address.parse("/topics/x", null));
        assertThrows(IllegalArgumentException.class, () -> Address.parse("/queues/bad%zz", null));
        assertThrows(IllegalArgumentException.class, () -> Address.parse("", null));
    }
}
