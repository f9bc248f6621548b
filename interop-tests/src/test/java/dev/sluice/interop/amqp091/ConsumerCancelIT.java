package dev.sluice.interop.amqp091;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Consumer cancellation by the client (basic.cancel) and by the broker (consumer_cancel_notify). */
class ConsumerCancelIT {
    @RegisterExtension
    final AmqpFixture amqp = new AmqpFixture();

    @Test
    void deletingAQueueSendsBasicCancelToItsConsumers() throws Exception {
        String queue = amqp.declareQueue("q");
        Deliveries first = amqp.consume(queue, false);
        Deliveries second = amqp.consume(queue, true);

        amqp.channel().queueDelete(queue);

        assertTrue(first.awaitCancelByBroker(), "first consumer got no basic.cancel");
        assertTrue(second.awaitCancelByBroker(), "second consumer got no basic.cancel");
    }

    @Test
    void channelStaysOpenAfterTheBrokerCancelsItsConsumer() throws Exception {
        String queue = amqp.declareQueue("q");
        Channel channel = amqp.channel();
        Deliveries deliveries = amqp.consume(channel, queue, true);
        amqp.channel().queueDelete(queue);
        assertTrue(deliveries.awaitCancelByBroker());

        AMQP.Queue.DeclareOk declared = channel.queueDeclare(amqp.name("other"), false, false, false, null);

        assertEquals(0, declared.getConsumerCount());
    }

    @Test
    void clientCancelIsConfirmedWithCancelOk() throws Exception {
        String queue = amqp.declareQueue("q");
        Channel channel = amqp.channel();
        Deliveries deliveries = amqp.consume(channel, queue, true);

        channel.basicCancel(deliveries.tag());

        assertTrue(deliveries.awaitCancelOk());
    }

    @Test
    void cancelledConsumerGetsNoMoreMessages() throws Exception {
        String queue = amqp.declareQueue("q");
        Channel channel = amqp.channel();
        Deliveries deliveries = amqp.consume(channel, queue, true);
        channel.basicCancel(deliveries.tag());

        amqp.publish("", queue, "m");

        assertEquals(1, amqp.messageCount(queue));
        deliveries.assertNoMore();
    }

    @Test
    void cancellingKeepsTheConsumersUnackedMessagesUntilTheChannelCloses() throws Exception {
        String queue = amqp.declareQueue("q");
        amqp.publish("", queue, "m");
        Channel channel = amqp.channel();
        Deliveries deliveries = amqp.consume(channel, queue, false);
        long tag = deliveries.next().getEnvelope().getDeliveryTag();

        channel.basicCancel(deliveries.tag());
        assertEquals(0, amqp.messageCount(queue), "cancel must not requeue");
        channel.basicAck(tag, false);
        channel.close();

        assertEquals(0, amqp.messageCount(queue));
    }
}
