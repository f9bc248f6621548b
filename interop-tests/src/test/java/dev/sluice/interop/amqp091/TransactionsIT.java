package dev.sluice.interop.amqp091;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Transactions (tx.select, tx.commit, tx.rollback) for publishes and acknowledgements. */
class TransactionsIT {
    @RegisterExtension
    final AmqpFixture amqp = new AmqpFixture();

    @Test
    void publishedMessagesStayInvisibleUntilCommit() throws Exception {
        String queue = amqp.declareQueue("q");
        Channel channel = transactionalChannel();

        channel.basicPublish("", queue, null, "m1".getBytes(UTF_8));
        channel.basicPublish("", queue, null, "m2".getBytes(UTF_8));
        assertEquals(0, amqp.messageCount(queue));
        channel.txCommit();

        assertEquals(2, amqp.messageCount(queue));
    }

    @Test
    void rollbackDiscardsThePublishedMessages() throws Exception {
        String queue = amqp.declareQueue("q");
        Channel channel = transactionalChannel();
        channel.basicPublish("", queue, null, "m".getBytes(UTF_8));

        channel.txRollback();
        channel.txCommit();

        assertEquals(0, amqp.messageCount(queue));
    }

    @Test
    void committedAckSettlesTheMessage() throws Exception {
        String queue = amqp.declareQueue("q");
        amqp.publish("", queue, "m");
        Channel channel = transactionalChannel();
        long tag = AmqpFixture.getUnacked(channel, queue, 1).get(0).getEnvelope().getDeliveryTag();

        channel.basicAck(tag, false);
        channel.txCommit();
        channel.close();

        assertEquals(0, amqp.messageCount(queue));
    }

    @Test
    void rolledBackAckLeavesTheMessageUnackedUntilTheChannelCloses() throws Exception {
        String queue = amqp.declareQueue("q");
        amqp.publish("", queue, "m");
        Channel channel = transactionalChannel();
        long tag = AmqpFixture.getUnacked(channel, queue, 1).get(0).getEnvelope().getDeliveryTag();

        channel.basicAck(tag, false);
        channel.txRollback();
        channel.close();

        assertEquals(1, amqp.messageCount(queue));
        assertEquals("m", amqp.getText(queue));
    }

    @Test
    void channelStaysTransactionalAfterCommit() throws Exception {
        String queue = amqp.declareQueue("q");
        Channel channel = transactionalChannel();
        channel.basicPublish("", queue, null, "m1".getBytes(UTF_8));
        channel.txCommit();

        channel.basicPublish("", queue, null, "m2".getBytes(UTF_8));

        assertEquals(1, amqp.messageCount(queue));
    }

    @Test
    void commitWithoutSelectIs406() throws Exception {
        Channel channel = amqp.channel();

        ProtocolErrors.assertChannelError(AMQP.PRECONDITION_FAILED, channel::txCommit, "not transactional");
    }

    @Test
    void txSelectOnAConfirmChannelIs406() throws Exception {
        Channel channel = amqp.channel();
        channel.confirmSelect();

        ProtocolErrors.assertChannelError(AMQP.PRECONDITION_FAILED, channel::txSelect, "confirm");
    }

    private Channel transactionalChannel() throws Exception {
        Channel channel = amqp.channel();
        channel.txSelect();
        return channel;
    }
}
