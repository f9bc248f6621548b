package dev.sluice.interop.amqp091;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Publisher confirms (confirm.select, basic.ack/nack from the broker). */
class ConfirmsIT {
    private static final int MANY = 200;

    @RegisterExtension
    final AmqpFixture amqp = new AmqpFixture();

    @Test
    void routedMessageIsAcked() throws Exception {
        String queue = amqp.declareQueue("q");
        Channel channel = confirmChannel();

        channel.basicPublish("", queue, null, "m".getBytes(UTF_8));

        assertTrue(channel.waitForConfirms(Await.TIMEOUT.toMillis()));
        assertEquals(1, amqp.messageCount(queue));
    }

    @Test
    void everySequenceNumberIsAckedExactlyOnceWithSingleOrMultipleAcks() throws Exception {
        String queue = amqp.declareQueue("q");
        Channel channel = confirmChannel();
        ConfirmTracker confirms = new ConfirmTracker();
        channel.addConfirmListener(confirms);

        for (int i = 0; i < MANY; i++) {
            channel.basicPublish("", queue, null, ("m" + i).getBytes(UTF_8));
        }
        channel.waitForConfirmsOrDie(Await.TIMEOUT.toMillis());

        Set<Long> all = LongStream.rangeClosed(1, MANY).boxed().collect(Collectors.toSet());
        assertEquals(all, confirms.acked());
        assertEquals(List.of(), confirms.confirmedTwice());
        assertEquals(Set.of(), confirms.nacked());
    }

    @Test
    void publishSequenceNumbersStartAtOne() throws Exception {
        Channel channel = confirmChannel();
        ConfirmTracker confirms = new ConfirmTracker();
        channel.addConfirmListener(confirms);

        channel.basicPublish("", amqp.declareQueue("q"), null, "m".getBytes(UTF_8));
        channel.waitForConfirmsOrDie(Await.TIMEOUT.toMillis());

        assertEquals(Set.of(1L), confirms.acked());
    }

    @Test
    void waitForConfirmsOrDieReturnsForRoutedMessages() throws Exception {
        String queue = amqp.declareQueue("q");
        Channel channel = confirmChannel();
        for (int i = 0; i < 10; i++) {
            channel.basicPublish("", queue, null, ("m" + i).getBytes(UTF_8));
        }

        channel.waitForConfirmsOrDie(Await.TIMEOUT.toMillis());

        assertEquals(10, amqp.messageCount(queue));
    }

    @Test
    void unroutableMessageWithoutMandatoryIsAcked() throws Exception {
        String exchange = amqp.declareExchange("x", "direct");
        Channel channel = confirmChannel();

        channel.basicPublish(exchange, "nowhere", null, "m".getBytes(UTF_8));

        assertTrue(channel.waitForConfirms(Await.TIMEOUT.toMillis()));
    }

    @Test
    void unroutableMandatoryMessageIsReturnedThenAcked() throws Exception {
        String exchange = amqp.declareExchange("x", "direct");
        Channel channel = confirmChannel();
        ConfirmTracker confirms = new ConfirmTracker();
        channel.addConfirmListener(confirms);
        channel.addReturnListener(returned -> confirms.returned());

        channel.basicPublish(exchange, "nowhere", true, null, "m".getBytes(UTF_8));
        channel.waitForConfirmsOrDie(Await.TIMEOUT.toMillis());

        assertEquals(List.of("return", "ack"), confirms.events());
    }

    @Test
    void confirmSelectIsIdempotent() throws Exception {
        Channel channel = confirmChannel();

        channel.confirmSelect();
        channel.basicPublish("", amqp.declareQueue("q"), null, "m".getBytes(UTF_8));

        assertTrue(channel.waitForConfirms(Await.TIMEOUT.toMillis()));
    }

    @Test
    void confirmSelectOnATransactionalChannelIs406() throws Exception {
        Channel channel = amqp.channel();
        channel.txSelect();

        ProtocolErrors.assertChannelError(AMQP.PRECONDITION_FAILED, channel::confirmSelect,
                "cannot switch from tx to confirm mode");
    }

    private Channel confirmChannel() throws Exception {
        Channel channel = amqp.channel();
        channel.confirmSelect();
        return channel;
    }
}
