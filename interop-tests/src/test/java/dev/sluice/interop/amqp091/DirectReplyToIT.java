package dev.sluice.interop.amqp091;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Direct reply-to: the pseudo-queue amq.rabbitmq.reply-to for request/reply without a reply queue. */
class DirectReplyToIT {
    private static final String REPLY_TO = "amq.rabbitmq.reply-to";

    @RegisterExtension
    final AmqpFixture amqp = new AmqpFixture();

    @Test
    void replyPublishedToTheRewrittenReplyToReachesTheRequester() throws Exception {
        String requests = amqp.declareQueue("requests");
        Channel requester = amqp.channel();
        Deliveries replies = amqp.consume(requester, REPLY_TO, true);
        requester.basicPublish("", requests, withReplyTo(REPLY_TO, "corr-1"), "ping".getBytes(UTF_8));

        GetResponse request = awaitRequest(requests);
        amqp.channel().basicPublish("", request.getProps().getReplyTo(),
                new AMQP.BasicProperties.Builder().correlationId(request.getProps().getCorrelationId()).build(),
                "pong".getBytes(UTF_8));

        Delivery reply = replies.next();
        assertEquals("pong", AmqpFixture.text(reply));
        assertEquals("corr-1", reply.getProperties().getCorrelationId());
    }

    @Test
    void brokerRewritesReplyToIntoAPrivateAddress() throws Exception {
        String replyTo = replyAddressOfALiveConsumer();

        assertTrue(replyTo.startsWith(REPLY_TO + "."), replyTo);
    }

    @Test
    void declaringThePseudoQueueAnswersAsIfItExisted() throws Exception {
        // Spring AMQP's RabbitTemplate probes for direct reply-to with a passive declare of the
        // pseudo-queue and falls back to a temporary reply queue when that fails.
        AMQP.Queue.DeclareOk passive = amqp.channel().queueDeclarePassive(REPLY_TO);
        AMQP.Queue.DeclareOk active = amqp.channel().queueDeclare(REPLY_TO, false, true, true, null);

        for (AMQP.Queue.DeclareOk ok : new AMQP.Queue.DeclareOk[] {passive, active}) {
            assertEquals(REPLY_TO, ok.getQueue());
            assertEquals(0, ok.getMessageCount());
            assertEquals(1, ok.getConsumerCount());
        }
    }

    @Test
    void declaringALiveReplyAddressSucceedsAndAnUnknownOneIs404() throws Exception {
        String replyTo = replyAddressOfALiveConsumer();

        AMQP.Queue.DeclareOk ok = amqp.channel().queueDeclarePassive(replyTo);

        assertEquals(replyTo, ok.getQueue());
        assertEquals(0, ok.getMessageCount());
        ProtocolErrors.assertChannelError(AMQP.NOT_FOUND,
                () -> amqp.channel().queueDeclarePassive(REPLY_TO + ".bm90LWEtdG9rZW4"), "no queue");
    }

    @Test
    void consumingReplyToWithAcknowledgementsIs406() throws Exception {
        Channel channel = amqp.channel();

        ProtocolErrors.assertChannelError(AMQP.PRECONDITION_FAILED, () -> amqp.consume(channel, REPLY_TO, false),
                "reply consumer cannot acknowledge");
    }

    @Test
    void publishingWithReplyToBeforeConsumingItIs406() throws Exception {
        String requests = amqp.declareQueue("requests");
        Channel channel = amqp.channel();

        channel.basicPublish("", requests, withReplyTo(REPLY_TO, null), "ping".getBytes(UTF_8));

        ProtocolErrors.assertChannelClosed(channel, AMQP.PRECONDITION_FAILED, "fast reply consumer does not exist");
    }

    /** Starts a reply consumer, sends a request with it and returns the reply-to the broker put on it. */
    private String replyAddressOfALiveConsumer() throws Exception {
        String requests = amqp.declareQueue("requests");
        Channel requester = amqp.channel();
        amqp.consume(requester, REPLY_TO, true);
        requester.basicPublish("", requests, withReplyTo(REPLY_TO, null), "ping".getBytes(UTF_8));
        return awaitRequest(requests).getProps().getReplyTo();
    }

    private GetResponse awaitRequest(String queue) throws Exception {
        amqp.awaitMessageCount(queue, 1);
        return amqp.get(queue);
    }

    private static AMQP.BasicProperties withReplyTo(String replyTo, String correlationId) {
        return new AMQP.BasicProperties.Builder().replyTo(replyTo).correlationId(correlationId).build();
    }
}
