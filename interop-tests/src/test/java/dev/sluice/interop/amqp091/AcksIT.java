package dev.sluice.interop.amqp091;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.GetResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Acknowledgements: ack, nack, reject, recover, their errors, and basic.get. */
class AcksIT {
    @RegisterExtension
    final AmqpFixture amqp = new AmqpFixture();

    @Test
    void ackOfOneTagSettlesOnlyThatMessage() throws Exception {
        String queue = queueWith("m1", "m2");
        Channel channel = amqp.channel();
        List<GetResponse> got = AmqpFixture.getUnacked(channel, queue, 2);

        channel.basicAck(got.get(1).getEnvelope().getDeliveryTag(), false);
        channel.close();

        assertEquals(1, amqp.messageCount(queue));
        assertEquals("m1", amqp.getText(queue));
    }

    @Test
    void ackMultipleSettlesEveryTagUpToIt() throws Exception {
        String queue = queueWith("m1", "m2", "m3");
        Channel channel = amqp.channel();
        List<GetResponse> got = AmqpFixture.getUnacked(channel, queue, 3);

        channel.basicAck(got.get(1).getEnvelope().getDeliveryTag(), true);
        channel.close();

        assertEquals(1, amqp.messageCount(queue));
        assertEquals("m3", amqp.getText(queue));
    }

    @Test
    void nackMultipleWithRequeueReturnsAllInOrderAsRedelivered() throws Exception {
        String queue = queueWith("m1", "m2", "m3");
        Channel channel = amqp.channel();
        List<GetResponse> got = AmqpFixture.getUnacked(channel, queue, 3);

        channel.basicNack(got.get(2).getEnvelope().getDeliveryTag(), true, true);

        List<GetResponse> again = AmqpFixture.getUnacked(channel, queue, 3);
        assertEquals(List.of("m1", "m2", "m3"), again.stream().map(AmqpFixture::text).toList());
        assertTrue(again.stream().allMatch(response -> response.getEnvelope().isRedeliver()));
    }

    @Test
    void rejectWithRequeuePutsMessagesBackInTheirOriginalOrder() throws Exception {
        String queue = queueWith("m1", "m2", "m3");
        Channel channel = amqp.channel();
        List<GetResponse> got = AmqpFixture.getUnacked(channel, queue, 2);

        // Rejected newest first, yet RabbitMQ puts them back at their original places.
        channel.basicReject(got.get(1).getEnvelope().getDeliveryTag(), true);
        channel.basicReject(got.get(0).getEnvelope().getDeliveryTag(), true);

        List<GetResponse> again = AmqpFixture.getUnacked(channel, queue, 3);
        assertEquals(List.of("m1", "m2", "m3"), again.stream().map(AmqpFixture::text).toList());
        assertEquals(List.of(true, true, false),
                again.stream().map(response -> response.getEnvelope().isRedeliver()).toList());
    }

    @Test
    void rejectWithoutRequeueDropsTheMessage() throws Exception {
        String queue = queueWith("m1");
        Channel channel = amqp.channel();
        GetResponse got = AmqpFixture.getUnacked(channel, queue, 1).get(0);

        channel.basicReject(got.getEnvelope().getDeliveryTag(), false);
        channel.close();

        assertEquals(0, amqp.messageCount(queue));
    }

    @Test
    void rejectWithoutRequeueDeadLettersWhenTheQueueHasADeadLetterExchange() throws Exception {
        AmqpFixture.DeadLetterPair queues = amqp.declareQueueDeadLetteringTo("q", Map.of());
        amqp.publish("", queues.queue(), "m1");
        Channel channel = amqp.channel();
        GetResponse got = AmqpFixture.getUnacked(channel, queues.queue(), 1).get(0);

        channel.basicReject(got.getEnvelope().getDeliveryTag(), false);

        amqp.awaitMessageCount(queues.deadLetters(), 1);
        assertEquals("m1", amqp.getText(queues.deadLetters()));
    }

    @Test
    void recoverWithRequeueRedeliversUnackedMessages() throws Exception {
        String queue = queueWith("m1");
        Channel channel = amqp.channel();
        Deliveries deliveries = amqp.consume(channel, queue, false);
        Delivery first = deliveries.next();

        channel.basicRecover(true);

        Delivery second = deliveries.next();
        assertFalse(first.getEnvelope().isRedeliver());
        assertEquals("m1", AmqpFixture.text(second));
        assertTrue(second.getEnvelope().isRedeliver());
    }

    @Test
    void ackOfAnUnknownDeliveryTagClosesTheChannelWith406() throws Exception {
        Channel channel = amqp.channel();

        channel.basicAck(42, false);

        ProtocolErrors.assertChannelClosed(channel, AMQP.PRECONDITION_FAILED, "unknown delivery tag 42");
    }

    @Test
    void secondAckOfTheSameTagClosesTheChannelWith406() throws Exception {
        String queue = queueWith("m1");
        Channel channel = amqp.channel();
        long tag = AmqpFixture.getUnacked(channel, queue, 1).get(0).getEnvelope().getDeliveryTag();
        channel.basicAck(tag, false);

        channel.basicAck(tag, false);

        ProtocolErrors.assertChannelClosed(channel, AMQP.PRECONDITION_FAILED, "unknown delivery tag " + tag);
    }

    @Test
    void closingAChannelRequeuesItsUnackedMessagesAsRedelivered() throws Exception {
        String queue = queueWith("m1", "m2");
        Channel channel = amqp.channel();
        Deliveries deliveries = amqp.consume(channel, queue, false);
        deliveries.next(2);

        channel.close();

        GetResponse first = amqp.get(queue);
        assertEquals("m1", AmqpFixture.text(first));
        assertTrue(first.getEnvelope().isRedeliver());
    }

    @Test
    void basicGetReportsHowManyMessagesRemain() throws Exception {
        String queue = queueWith("m1", "m2", "m3");

        GetResponse got = amqp.get(queue);

        assertEquals("m1", AmqpFixture.text(got));
        assertEquals(2, got.getMessageCount());
    }

    @Test
    void basicGetOnAnEmptyQueueAnswersGetEmpty() throws Exception {
        String queue = amqp.declareQueue("q");

        assertNull(amqp.channel().basicGet(queue, false));
    }

    @Test
    void autoAckGetLeavesNothingToRequeue() throws Exception {
        String queue = queueWith("m1");
        Channel channel = amqp.channel();
        channel.basicGet(queue, true);

        channel.close();

        assertEquals(0, amqp.messageCount(queue));
    }

    private String queueWith(String... bodies) throws Exception {
        String queue = amqp.declareQueue("q");
        amqp.publishTexts(queue, bodies);
        return queue;
    }
}
