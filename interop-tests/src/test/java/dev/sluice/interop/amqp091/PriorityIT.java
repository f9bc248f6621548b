package dev.sluice.interop.amqp091;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Message priorities (x-max-priority), consumer priorities (x-priority), single active consumer. */
class PriorityIT {
    @RegisterExtension
    final AmqpFixture amqp = new AmqpFixture();

    @Test
    void backlogIsDeliveredHighestPriorityFirst() throws Exception {
        String queue = amqp.declareQueue("q", Map.of("x-max-priority", 10));

        publishWithPriority(queue, 1, "low");
        publishWithPriority(queue, 9, "high");
        amqp.publish("", queue, "none");
        publishWithPriority(queue, 5, "middle");

        assertEquals(List.of("high", "middle", "low", "none"), getAll(queue, 4));
    }

    @Test
    void messagesOfEqualPriorityKeepPublishOrder() throws Exception {
        String queue = amqp.declareQueue("q", Map.of("x-max-priority", 10));

        publishWithPriority(queue, 5, "a1");
        publishWithPriority(queue, 1, "b1");
        publishWithPriority(queue, 5, "a2");
        publishWithPriority(queue, 1, "b2");
        publishWithPriority(queue, 5, "a3");

        assertEquals(List.of("a1", "a2", "a3", "b1", "b2"), getAll(queue, 5));
    }

    @Test
    void prioritiesAboveTheMaximumCountAsTheMaximum() throws Exception {
        String queue = amqp.declareQueue("q", Map.of("x-max-priority", 5));

        publishWithPriority(queue, 9, "first");
        publishWithPriority(queue, 5, "second");
        publishWithPriority(queue, 4, "third");

        assertEquals(List.of("first", "second", "third"), getAll(queue, 3));
    }

    @Test
    void queueWithoutMaxPriorityIgnoresMessagePriority() throws Exception {
        String queue = amqp.declareQueue("q");

        publishWithPriority(queue, 1, "first");
        publishWithPriority(queue, 9, "second");

        assertEquals(List.of("first", "second"), getAll(queue, 2));
    }

    @Test
    void higherPriorityConsumerGetsEveryMessageWhileItCanTakeThem() throws Exception {
        String queue = amqp.declareQueue("q");
        Deliveries low = amqp.consume(queue, true);
        Channel highChannel = amqp.channel();
        Deliveries high = new Deliveries(highChannel).consume(queue, true, Map.of("x-priority", 10));

        amqp.publishTexts(queue, "m1", "m2", "m3");

        assertEquals(List.of("m1", "m2", "m3"), high.nextTexts(3));
        low.assertNoMore();
    }

    @Test
    void lowerPriorityConsumerGetsMessagesWhenTheHigherOneIsAtItsPrefetchLimit() throws Exception {
        String queue = amqp.declareQueue("q");
        Channel lowChannel = amqp.channel();
        Deliveries low = amqp.consume(lowChannel, queue, false);
        Channel highChannel = amqp.channel();
        highChannel.basicQos(1);
        Deliveries high = new Deliveries(highChannel).consume(queue, false, Map.of("x-priority", 10));

        amqp.publishTexts(queue, "m1", "m2");

        assertEquals("m1", AmqpFixture.text(high.next()));
        assertEquals("m2", AmqpFixture.text(low.next()));
    }

    @Test
    void singleActiveConsumerGivesEverythingToTheFirstConsumer() throws Exception {
        String queue = amqp.declareQueue("q", Map.of("x-single-active-consumer", true));
        Deliveries first = amqp.consume(queue, true);
        Deliveries second = amqp.consume(queue, true);

        amqp.publishTexts(queue, "m1", "m2", "m3");

        assertEquals(List.of("m1", "m2", "m3"), first.nextTexts(3));
        second.assertNoMore();
    }

    @Test
    void singleActiveConsumerHandsOverWhenTheActiveOneCancels() throws Exception {
        String queue = amqp.declareQueue("q", Map.of("x-single-active-consumer", true));
        Channel firstChannel = amqp.channel();
        Deliveries first = amqp.consume(firstChannel, queue, true);
        Deliveries second = amqp.consume(queue, true);
        amqp.publish("", queue, "m1");
        first.next();

        firstChannel.basicCancel(first.tag());
        amqp.publish("", queue, "m2");

        assertEquals("m2", AmqpFixture.text(second.next()));
    }

    private void publishWithPriority(String queue, int priority, String body) throws Exception {
        amqp.publish("", queue, new AMQP.BasicProperties.Builder().priority(priority).build(), body);
    }

    private List<String> getAll(String queue, int count) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bodies.add(amqp.getText(queue));
        }
        return bodies;
    }
}
