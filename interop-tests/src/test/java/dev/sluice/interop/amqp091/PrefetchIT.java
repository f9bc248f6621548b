package dev.sluice.interop.amqp091;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * basic.qos: how many unacknowledged deliveries a consumer or channel may hold. Every consumer
 * here acknowledges nothing unless the test says so.
 */
class PrefetchIT {
    private static final int BACKLOG = 10;

    @RegisterExtension
    final AmqpFixture amqp = new AmqpFixture();

    @Test
    void perConsumerPrefetchStopsAtTheLimit() throws Exception {
        String queue = queueWithBacklog("q");
        Channel channel = amqp.channel();
        channel.basicQos(3);

        Deliveries deliveries = amqp.consume(channel, queue, false);

        deliveries.next(3);
        deliveries.assertNoMore();
        assertEquals(BACKLOG - 3, amqp.messageCount(queue));
    }

    @Test
    void ackingOneDeliveryLetsExactlyOneMoreThrough() throws Exception {
        String queue = queueWithBacklog("q");
        Channel channel = amqp.channel();
        channel.basicQos(3);
        Deliveries deliveries = amqp.consume(channel, queue, false);
        List<Delivery> first = deliveries.next(3);

        channel.basicAck(first.get(0).getEnvelope().getDeliveryTag(), false);

        assertEquals("m3", AmqpFixture.text(deliveries.next()));
        deliveries.assertNoMore();
    }

    @Test
    void perConsumerPrefetchLimitsEachConsumerOfTheChannelSeparately() throws Exception {
        String first = queueWithBacklog("first");
        String second = queueWithBacklog("second");
        Channel channel = amqp.channel();
        channel.basicQos(2);

        Deliveries fromFirst = amqp.consume(channel, first, false);
        Deliveries fromSecond = amqp.consume(channel, second, false);

        fromFirst.next(2);
        fromSecond.next(2);
        fromFirst.assertNoMore();
        fromSecond.assertNoMore();
    }

    @Test
    void globalPrefetchIsSharedByAllConsumersOfTheChannel() throws Exception {
        String first = queueWithBacklog("first");
        String second = queueWithBacklog("second");
        Channel channel = amqp.channel();
        // RabbitMQ reads global=true as per channel (the spec says per connection).
        channel.basicQos(3, true);

        amqp.consume(channel, first, false);
        amqp.consume(channel, second, false);

        Await.awaitCondition(Await.TIMEOUT, () -> amqp.messageCount(first) + amqp.messageCount(second) == 2L * BACKLOG - 3);
        Await.assertStaysTrue(() -> amqp.messageCount(first) + amqp.messageCount(second) == 2L * BACKLOG - 3);
    }

    @Test
    void prefetchZeroMeansUnlimited() throws Exception {
        String queue = queueWithBacklog("q");
        Channel channel = amqp.channel();
        channel.basicQos(0);

        Deliveries deliveries = amqp.consume(channel, queue, false);

        deliveries.next(BACKLOG);
        assertEquals(0, amqp.messageCount(queue));
    }

    @Test
    void autoAckConsumerIsNotLimitedByPrefetch() throws Exception {
        String queue = queueWithBacklog("q");
        Channel channel = amqp.channel();
        channel.basicQos(1);

        Deliveries deliveries = amqp.consume(channel, queue, true);

        deliveries.next(BACKLOG);
    }

    private String queueWithBacklog(String role) throws Exception {
        String queue = amqp.declareQueue(role);
        for (int i = 0; i < BACKLOG; i++) {
            amqp.publish("", queue, "m" + i);
        }
        return queue;
    }
}
