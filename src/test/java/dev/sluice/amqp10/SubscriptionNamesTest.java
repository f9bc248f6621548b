package dev.sluice.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionNamesTest {
    @Test
    void durableSubscriptionIsNamedByClientIdAndSubscriptionName() {
        assertEquals("jms-sub:client-1:sub", SubscriptionNames.queueName("client-1", "sub", List.of()));
    }

    @Test
    void sharedConsumersOfOneSubscriptionShareItsQueue() {
        assertEquals("jms-sub:client-1:sub", SubscriptionNames.queueName("client-1", "sub|2", List.of("shared")));
    }

    @Test
    void globalSubscriptionsIgnoreTheContainer() {
        assertEquals("jms-sub:sub", SubscriptionNames.queueName("c-a", "sub|global", List.of("shared")));
        assertEquals("jms-sub:sub", SubscriptionNames.queueName("c-b", "sub|global2", List.of("shared", "global")));
        assertEquals("jms-sub:sub", SubscriptionNames.queueName("c-b", "sub|global-volatile1", List.of("shared")));
    }
}
