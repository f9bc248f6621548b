package dev.sluice.interop.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.sluice.interop.BrokerProcess;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RabbitMQ 4's address format v2 and the settlement modes, with a raw proton-j client; exchanges,
 * queues and bindings are declared over AMQP 0-9-1 with the RabbitMQ Java client.
 */
@Timeout(60)
class NativeAddressesIT {
    private static BrokerProcess broker;
    private static com.rabbitmq.client.Connection amqp091;
    private Channel channel;
    private ProtonClient client;

    @BeforeAll
    static void start() throws Exception {
        broker = BrokerProcess.start();
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(broker.host());
        f.setPort(broker.amqpPort());
        amqp091 = f.newConnection();
    }

    @AfterAll
    static void stop() throws Exception {
        amqp091.close();
        broker.close();
    }

    @BeforeEach
    void open() throws Exception {
        channel = amqp091.createChannel();
        client = new ProtonClient(broker.host(), broker.amqpPort());
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        channel.close();
    }

    private static Message text(String body) {
        Message m = Message.Factory.create();
        m.setBody(new Data(new Binary(body.getBytes(StandardCharsets.UTF_8))));
        return m;
    }

    private static String body(Message m) {
        Binary b = ((Data) m.getBody()).getValue();
        return new String(b.getArray(), b.getArrayOffset(), b.getLength(), StandardCharsets.UTF_8);
    }

    private String get(String queue) throws Exception {
        GetResponse r = channel.basicGet(queue, true);
        return r == null ? null : new String(r.getBody(), StandardCharsets.UTF_8);
    }

    @Test
    void queueTarget() throws Exception {
        channel.queueDeclare("v2-q", false, false, false, null);
        Sender s = client.sender("/queues/v2-q");
        assertInstanceOf(Accepted.class, client.send(s, text("to queue")));
        assertEquals("to queue", get("v2-q"));
    }

    @Test
    void percentEncodedQueueName() throws Exception {
        channel.queueDeclare("a queue/with slash", false, false, false, null);
        Sender s = client.sender("/queues/a%20queue%2Fwith%20slash");
        assertInstanceOf(Accepted.class, client.send(s, text("encoded")));
        assertEquals("encoded", get("a queue/with slash"));
    }

    @Test
    void exchangeWithKeyAndExchangeWithSubject() throws Exception {
        channel.exchangeDeclare("v2-x", "direct");
        channel.queueDeclare("v2-xq", false, false, false, null);
        channel.queueBind("v2-xq", "v2-x", "k1");
        assertInstanceOf(Accepted.class, client.send(client.sender("/exchanges/v2-x/k1"), text("by key")));
        Message bySubject = text("by subject");
        bySubject.setSubject("k1");
        assertInstanceOf(Accepted.class, client.send(client.sender("/exchanges/v2-x"), bySubject));
        assertEquals("by key", get("v2-xq"));
        assertEquals("by subject", get("v2-xq"));
    }

    @Test
    void unroutableMessagesAreReleased() throws Exception {
        channel.exchangeDeclare("v2-empty", "direct");
        assertInstanceOf(Released.class, client.send(client.sender("/exchanges/v2-empty/none"), text("nowhere")));
    }

    @Test
    void anonymousRelayUsesEachMessagesTo() throws Exception {
        channel.queueDeclare("v2-relay", false, false, false, null);
        Sender relay = client.sender(null);
        Message m = text("relayed");
        m.setAddress("/queues/v2-relay");
        assertInstanceOf(Accepted.class, client.send(relay, m));
        assertEquals("relayed", get("v2-relay"));
        Message toMissing = text("lost");
        toMissing.setAddress("/queues/v2-missing");
        Rejected r = assertInstanceOf(Rejected.class, client.send(relay, toMissing));
        assertEquals(AmqpError.NOT_FOUND, r.getError().getCondition());
    }

    @Test
    void attachingToAMissingQueueIsRefusedWithNotFound() {
        Sender s = client.sender("/queues/does-not-exist");
        ErrorCondition e = client.awaitClosed(s);
        assertEquals(AmqpError.NOT_FOUND, e.getCondition());
        assertNull(s.getRemoteTarget());
    }

    @Test
    void badAddressesAreRefusedWithInvalidField() {
        ErrorCondition e = client.awaitClosed(client.sender("/topics/nope"));
        assertEquals(AmqpError.INVALID_FIELD, e.getCondition());
    }

    @Test
    void acceptedReleasedModifiedRejectedMapOntoTheQueue() throws Exception {
        channel.exchangeDeclare("v2-dlx", "fanout");
        channel.queueDeclare("v2-dlq", false, false, false, null);
        channel.queueBind("v2-dlq", "v2-dlx", "");
        channel.queueDeclare("v2-settle", false, false, false, Map.of("x-dead-letter-exchange", "v2-dlx"));
        Sender s = client.sender("/queues/v2-settle");
        client.send(s, text("m"));
        Receiver r = client.receiver("/queues/v2-settle", SenderSettleMode.UNSETTLED, 10);

        Delivery d1 = client.next(r, 5000);
        assertNotNull(d1);
        ProtonClient.decode(r, d1);
        client.settle(d1, Released.getInstance());
        Delivery d2 = client.next(r, 5000);
        Message again = ProtonClient.decode(r, d2);
        assertNull(again.getHeader() == null ? null : again.getHeader().getDeliveryCount(),
                "released does not count a delivery");
        Modified failed = new Modified();
        failed.setDeliveryFailed(true);
        client.settle(d2, failed);
        Delivery d3 = client.next(r, 5000);
        Message third = ProtonClient.decode(r, d3);
        assertEquals(1, third.getHeader().getDeliveryCount().intValue());
        client.settle(d3, new Rejected());
        assertNull(client.next(r, 300));
        assertEquals("m", get("v2-dlq"), "rejected = dead-lettered");
    }

    @Test
    void acceptedRemovesTheMessage() throws Exception {
        channel.queueDeclare("v2-accept", false, false, false, null);
        client.send(client.sender("/queues/v2-accept"), text("once"));
        Receiver r = client.receiver("/queues/v2-accept", SenderSettleMode.UNSETTLED, 1);
        Delivery d = client.next(r, 5000);
        assertEquals("once", body(ProtonClient.decode(r, d)));
        client.settle(d, Accepted.getInstance());
        r.close();
        client.awaitClosed(r);
        assertNull(get("v2-accept"));
    }

    @Test
    void preSettledDeliveriesAreGoneOnceSent() throws Exception {
        channel.queueDeclare("v2-presettled", false, false, false, null);
        client.send(client.sender("/queues/v2-presettled"), text("at most once"));
        Receiver r = client.receiver("/queues/v2-presettled", SenderSettleMode.SETTLED, 5);
        Delivery d = client.next(r, 5000);
        assertNotNull(d);
        assertEquals(true, d.remotelySettled());
        assertEquals("at most once", body(ProtonClient.decode(r, d)));
        r.close();
        client.awaitClosed(r);
        assertNull(get("v2-presettled"));
    }

    @Test
    void drainGivesBackUnusedCredit() throws Exception {
        channel.queueDeclare("v2-drain", false, false, false, null);
        client.send(client.sender("/queues/v2-drain"), text("only one"));
        Receiver r = client.receiver("/queues/v2-drain", SenderSettleMode.UNSETTLED, 0);
        r.drain(10);
        client.await(() -> !r.draining(), "drain to complete");
        assertEquals(0, r.getRemoteCredit());
        Delivery d = client.next(r, 2000);
        assertNotNull(d, "the one message came before the drain completed");
        DeliveryState none = d.getRemoteState();
        assertNull(none);
    }
}
