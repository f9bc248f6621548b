package dev.sluice.interop.amqp091;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** x-max-length and x-max-length-bytes with each x-overflow behaviour. */
class LengthLimitIT {
    @RegisterExtension
    final AmqpFixture amqp = new AmqpFixture();

    @Test
    void maxLengthDropsTheOldestMessages() throws Exception {
        String queue = amqp.declareQueue("q", Map.of("x-max-length", 2));

        amqp.publishTexts(queue, "m1", "m2", "m3");

        assertEquals(2, amqp.messageCount(queue));
        assertEquals("m2", amqp.getText(queue));
        assertEquals("m3", amqp.getText(queue));
    }

    @Test
    void droppedHeadIsDeadLetteredWithReasonMaxlen() throws Exception {
        AmqpFixture.DeadLetterPair queues = amqp.declareQueueDeadLetteringTo("q", Map.of("x-max-length", 2));

        amqp.publishTexts(queues.queue(), "m1", "m2", "m3");

        Delivery dead = amqp.consume(queues.deadLetters(), true).next();
        assertEquals("m1", AmqpFixture.text(dead));
        assertEquals("maxlen", latestDeathReason(dead));
    }

    @Test
    void maxLengthBytesCountsBodyBytesAndDropsTheOldest() throws Exception {
        String queue = amqp.declareQueue("q", Map.of("x-max-length-bytes", 10));

        amqp.publishTexts(queue, "aaaaa", "bbbbb", "ccccc");

        assertEquals(2, amqp.messageCount(queue));
        assertEquals("bbbbb", amqp.getText(queue));
    }

    @Test
    void maxLengthZeroKeepsNothing() throws Exception {
        String queue = amqp.declareQueue("q", Map.of("x-max-length", 0));

        amqp.publish("", queue, "m");

        assertEquals(0, amqp.messageCount(queue));
    }

    @Test
    void rejectPublishNacksMessagesBeyondTheLimit() throws Exception {
        String queue = amqp.declareQueue("q", Map.of("x-max-length", 1, "x-overflow", "reject-publish"));

        ConfirmTracker confirms = publishTwoWithConfirms(queue);

        assertEquals(Set.of(1L), confirms.acked());
        assertEquals(Set.of(2L), confirms.nacked());
        assertEquals("m1", amqp.getText(queue));
    }

    @Test
    void rejectPublishKeepsTheOldMessagesAndDeadLettersNothing() throws Exception {
        AmqpFixture.DeadLetterPair queues = amqp.declareQueueDeadLetteringTo("q",
                Map.of("x-max-length", 1, "x-overflow", "reject-publish"));

        publishTwoWithConfirms(queues.queue());

        assertEquals(1, amqp.messageCount(queues.queue()));
        assertEquals(0, amqp.messageCount(queues.deadLetters()));
    }

    @Test
    void rejectPublishDlxNacksAndDeadLettersTheRejectedMessage() throws Exception {
        AmqpFixture.DeadLetterPair queues = amqp.declareQueueDeadLetteringTo("q",
                Map.of("x-max-length", 1, "x-overflow", "reject-publish-dlx"));

        ConfirmTracker confirms = publishTwoWithConfirms(queues.queue());

        assertEquals(Set.of(2L), confirms.nacked());
        Delivery dead = amqp.consume(queues.deadLetters(), true).next();
        assertEquals("m2", AmqpFixture.text(dead));
        assertEquals("maxlen", latestDeathReason(dead));
    }

    @Test
    void rejectPublishAcceptsAgainOnceThereIsRoom() throws Exception {
        String queue = amqp.declareQueue("q", Map.of("x-max-length", 1, "x-overflow", "reject-publish"));
        publishTwoWithConfirms(queue);

        amqp.getText(queue);
        amqp.publish("", queue, "m3");

        assertEquals("m3", amqp.getText(queue));
    }

    private static String latestDeathReason(Delivery dead) {
        List<?> deaths = (List<?>) dead.getProperties().getHeaders().get("x-death");
        return ((Map<?, ?>) deaths.get(0)).get("reason").toString();
    }

    private ConfirmTracker publishTwoWithConfirms(String queue) throws Exception {
        ConfirmTracker confirms = new ConfirmTracker();
        Channel channel = amqp.channel();
        channel.confirmSelect();
        channel.addConfirmListener(confirms);
        channel.basicPublish("", queue, null, "m1".getBytes(UTF_8));
        channel.basicPublish("", queue, null, "m2".getBytes(UTF_8));
        channel.waitForConfirms(Await.TIMEOUT.toMillis());
        return confirms;
    }
}
