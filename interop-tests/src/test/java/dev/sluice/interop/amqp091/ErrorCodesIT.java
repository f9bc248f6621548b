package dev.sluice.interop.amqp091;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every reply code the Java client lets a test provoke, read from the channel.close or
 * connection.close the broker sends. Variants tested with their feature live there: 404/405/406
 * on queues (passive declare, exclusive, inequivalent, if-unused, if-empty, bad arguments) in
 * QueuesIT, 406 unknown or twice-acked delivery tags in AcksIT, 406 tx/confirm mode clashes in
 * TransactionsIT and ConfirmsIT. Not here: 501, 504 CHANNEL_ERROR and 505 UNEXPECTED_FRAME, which
 * the Java client never sends (it refuses a method on a closed channel itself); MalformedFramesIT
 * provokes them with raw frames.
 */
class ErrorCodesIT {
    @RegisterExtension
    final AmqpFixture amqp = new AmqpFixture();

    @Test
    void publishToAnInternalExchangeIs403() throws Exception {
        String internal = amqp.name("internal");
        Channel channel = amqp.channel();
        channel.exchangeDeclare(internal, "direct", false, false, true, Map.of());

        channel.basicPublish(internal, "k", null, body());

        ProtocolErrors.assertChannelClosed(channel, AMQP.ACCESS_REFUSED, internal);
    }

    @Test
    void bindingAQueueToTheDefaultExchangeIs403() throws Exception {
        String queue = amqp.declareQueue("q");
        Channel channel = amqp.channel();

        ProtocolErrors.assertChannelError(AMQP.ACCESS_REFUSED, () -> channel.queueBind(queue, "", "k"),
                "default exchange");
    }

    @Test
    void declaringAnExchangeWithTheReservedAmqPrefixIs403() throws Exception {
        String exchange = "amq." + amqp.name("x");
        Channel channel = amqp.channel();

        ProtocolErrors.assertChannelError(AMQP.ACCESS_REFUSED, () -> channel.exchangeDeclare(exchange, "direct"),
                exchange, "amq.");
    }

    @Test
    void publishToAMissingExchangeIs404() throws Exception {
        String exchange = amqp.name("missing");
        Channel channel = amqp.channel();

        channel.basicPublish(exchange, "k", null, body());

        ProtocolErrors.assertChannelClosed(channel, AMQP.NOT_FOUND, "no exchange", exchange);
    }

    @Test
    void consumingFromAMissingQueueIs404() throws Exception {
        String queue = amqp.name("missing");
        Channel channel = amqp.channel();

        ProtocolErrors.assertChannelError(AMQP.NOT_FOUND, () -> amqp.consume(channel, queue, true), "no queue", queue);
    }

    @Test
    void consumingBesideAnExclusiveConsumerIs403WithoutAConsumeOk() throws Exception {
        // basic.consume must fail as a call: a consume-ok before the channel.close would let the
        // client believe it consumes (Node amqplib's consume() resolved, then the channel died)
        String queue = amqp.declareQueue("q");
        amqp.channel().basicConsume(queue, false, "holder", false, true, Map.of(), (tag, d) -> { }, tag -> { });
        Channel other = amqp.channel();

        ProtocolErrors.assertChannelError(AMQP.ACCESS_REFUSED,
                () -> other.basicConsume(queue, false, "intruder", (tag, d) -> { }, tag -> { }), queue, "exclusive use");
    }

    @Test
    void anExclusiveConsumeOnAQueueWithConsumersIs403WithoutAConsumeOk() throws Exception {
        String queue = amqp.declareQueue("q");
        amqp.channel().basicConsume(queue, false, "first", (tag, d) -> { }, tag -> { });
        Channel other = amqp.channel();

        ProtocolErrors.assertChannelError(AMQP.ACCESS_REFUSED, () -> other.basicConsume(queue, false, "exclusive",
                false, true, Map.of(), (tag, d) -> { }, tag -> { }), queue, "exclusive use");
    }

    @Test
    void bindingToAMissingExchangeIs404() throws Exception {
        String queue = amqp.declareQueue("q");
        String exchange = amqp.name("missing");
        Channel channel = amqp.channel();

        ProtocolErrors.assertChannelError(AMQP.NOT_FOUND, () -> channel.queueBind(queue, exchange, "k"), exchange);
    }

    @Test
    void usingAnotherConnectionsExclusiveQueueIs405() throws Exception {
        String queue = amqp.name("exclusive");
        amqp.channel().queueDeclare(queue, false, true, false, Map.of());
        Channel other = amqp.newConnection().createChannel();

        ProtocolErrors.assertChannelError(AMQP.RESOURCE_LOCKED, () -> other.queuePurge(queue), queue);
    }

    @Test
    void redeclaringAnExchangeWithAnotherTypeIs406() throws Exception {
        String exchange = amqp.declareExchange("x", "direct");
        Channel channel = amqp.channel();

        ProtocolErrors.assertChannelError(AMQP.PRECONDITION_FAILED, () -> channel.exchangeDeclare(exchange, "fanout"),
                "inequivalent arg 'type'", exchange);
    }

    @Test
    void deletingAnExchangeInUseWithIfUnusedIs406() throws Exception {
        String exchange = amqp.declareExchange("x", "direct");
        amqp.bindQueue(amqp.declareQueue("q"), exchange, "k");
        Channel channel = amqp.channel();

        ProtocolErrors.assertChannelError(AMQP.PRECONDITION_FAILED, () -> channel.exchangeDelete(exchange, true),
                exchange, "in use");
    }

    @Test
    void rejectingAnUnknownDeliveryTagIs406() throws Exception {
        Channel channel = amqp.channel();

        channel.basicReject(7, true);

        ProtocolErrors.assertChannelClosed(channel, AMQP.PRECONDITION_FAILED, "unknown delivery tag 7");
    }

    @Test
    void publishingWithAnotherUsersUserIdIs406() throws Exception {
        String queue = amqp.declareQueue("q");
        Channel channel = amqp.channel();

        channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().userId("mallory").build(), body());

        ProtocolErrors.assertChannelClosed(channel, AMQP.PRECONDITION_FAILED, "mallory", "guest");
    }

    @Test
    void declaringAnUnknownExchangeTypeClosesTheConnectionWith503() throws Exception {
        // COMMAND_INVALID is a connection error: RabbitMQ closes the whole connection, not the channel.
        Connection connection = amqp.newConnection();
        Channel channel = connection.createChannel();

        ProtocolErrors.assertConnectionError(AMQP.COMMAND_INVALID,
                () -> channel.exchangeDeclare(amqp.name("x"), "no-such-type"), "unknown exchange type 'no-such-type'");
    }

    @Test
    void reusingAConsumerTagOnTheChannelClosesTheConnectionWith530() throws Exception {
        // NOT_ALLOWED is a connection error: RabbitMQ closes the whole connection, not the channel.
        String queue = amqp.declareQueue("q");
        Channel channel = amqp.newConnection().createChannel();
        channel.basicConsume(queue, true, "tag", new Deliveries(channel));

        ProtocolErrors.assertConnectionError(AMQP.NOT_ALLOWED,
                () -> channel.basicConsume(queue, true, "tag", new Deliveries(channel)), "tag");
    }

    @Test
    void openingAMissingVirtualHostIs530() throws Exception {
        ConnectionFactory factory = amqp.factory();
        factory.setVirtualHost("no-such-vhost");

        ProtocolErrors.assertConnectionError(AMQP.NOT_ALLOWED, () -> factory.newConnection().close(), "no-such-vhost");
    }

    @Test
    void publishingWithImmediateClosesTheConnectionWith540() throws Exception {
        String queue = amqp.declareQueue("q");
        Connection connection = amqp.newConnection();

        connection.createChannel().basicPublish("", queue, false, true, null, body());

        ProtocolErrors.assertConnectionClosed(connection, AMQP.NOT_IMPLEMENTED, "immediate=true");
    }

    @Test
    void channelErrorLeavesOtherChannelsOfTheConnectionOpen() throws Exception {
        String queue = amqp.declareQueue("q");
        Channel healthy = amqp.channel();
        Channel failing = amqp.channel();

        ProtocolErrors.assertChannelError(AMQP.NOT_FOUND, () -> failing.queueDeclarePassive(amqp.name("missing")));

        assertTrue(healthy.isOpen());
        healthy.basicPublish("", queue, null, body());
        amqp.awaitMessageCount(queue, 1);
    }

    @Test
    void connectionErrorLeavesOtherConnectionsWorking() throws Exception {
        String queue = amqp.declareQueue("q");
        Connection failing = amqp.newConnection();
        failing.createChannel().basicPublish("", queue, false, true, null, body());
        ProtocolErrors.assertConnectionClosed(failing, AMQP.NOT_IMPLEMENTED);

        amqp.publish("", queue, "after");

        assertEquals("after", amqp.getText(queue));
    }

    @Test
    void channelErrorsOnOneConnectionLeaveAnotherConnectionWorking() throws Exception {
        String queue = amqp.declareQueue("q");
        Channel failing = amqp.newConnection().createChannel();

        ProtocolErrors.assertChannelError(AMQP.NOT_FOUND, () -> failing.queueDeclarePassive(amqp.name("missing")));
        amqp.publish("", queue, "after");

        assertEquals("after", amqp.getText(queue));
    }

    private static byte[] body() {
        return "m".getBytes(UTF_8);
    }
}
