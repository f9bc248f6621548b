package dev.sluice.interop.amqp10;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Messages published over AMQP 0-9-1 and consumed over AMQP 1.0 (Qpid JMS), and the reverse. */
@Timeout(60)
class CrossProtocolIT {
    private static JmsBroker broker;
    private static com.rabbitmq.client.Connection amqp091;

    @BeforeAll
    static void start() throws Exception {
        broker = JmsBroker.start();
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(broker.process().host());
        f.setPort(broker.process().amqpPort());
        amqp091 = f.newConnection();
    }

    @AfterAll
    static void stop() throws Exception {
        amqp091.close();
        broker.close();
    }

    @Test
    void zeroNineOneToJms() throws Exception {
        Channel ch = amqp091.createChannel();
        ch.queueDeclare("x091-to-jms", true, false, false, null);
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("text/plain")
                .headers(Map.of("color", "red", "n", 7)).deliveryMode(2).priority(3).correlationId("corr-9")
                .messageId("mid-9").type("kind").timestamp(new Date(1_700_000_000_000L)).build();
        ch.basicPublish("", "x091-to-jms", props, "from 0-9-1".getBytes(StandardCharsets.UTF_8));

        Connection c = broker.connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TextMessage m = assertInstanceOf(TextMessage.class, s.createConsumer(s.createQueue("x091-to-jms")).receive(5000),
                "text/plain data becomes a TextMessage");
        assertEquals("from 0-9-1", m.getText());
        assertEquals("red", m.getStringProperty("color"));
        assertEquals(7, m.getIntProperty("n"));
        assertEquals(DeliveryMode.PERSISTENT, m.getJMSDeliveryMode());
        assertEquals(3, m.getJMSPriority());
        assertEquals("corr-9", m.getJMSCorrelationID());
        assertEquals("kind", m.getJMSType());
        assertEquals(1_700_000_000_000L, m.getJMSTimestamp());
        ch.close();
    }

    @Test
    void zeroNineOneBinaryBecomesABytesMessage() throws Exception {
        Channel ch = amqp091.createChannel();
        ch.queueDeclare("x091-bytes", false, false, false, null);
        ch.basicPublish("", "x091-bytes", null, new byte[] {9, 8, 7});
        Connection c = broker.connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        BytesMessage m = assertInstanceOf(BytesMessage.class, s.createConsumer(s.createQueue("x091-bytes")).receive(5000));
        byte[] b = new byte[3];
        assertEquals(3, m.readBytes(b));
        assertArrayEquals(new byte[] {9, 8, 7}, b);
        ch.close();
    }

    @Test
    void jmsToZeroNineOne() throws Exception {
        Connection c = broker.connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("xjms-to-091");
        MessageProducer p = s.createProducer(q);
        BytesMessage m = s.createBytesMessage();
        m.writeBytes("raw bytes".getBytes(StandardCharsets.UTF_8));
        m.setStringProperty("color", "blue");
        m.setJMSCorrelationID("c-1");
        m.setJMSType("t-1");
        p.send(m, DeliveryMode.PERSISTENT, 6, 0);

        Channel ch = amqp091.createChannel();
        GetResponse r = ch.basicGet("xjms-to-091", true);
        assertNotNull(r);
        assertEquals("raw bytes", new String(r.getBody(), StandardCharsets.UTF_8), "the data section is the body");
        assertEquals("blue", r.getProps().getHeaders().get("color").toString());
        assertEquals("c-1", r.getProps().getCorrelationId());
        assertEquals("t-1", r.getProps().getType());
        assertEquals(2, r.getProps().getDeliveryMode());
        assertEquals(6, r.getProps().getPriority());
        assertEquals(m.getJMSMessageID(), r.getProps().getMessageId());
        ch.close();
    }

    @Test
    void jmsTextAndMapMessagesSurviveAZeroNineOneHop() throws Exception {
        Connection c = broker.connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(s.createQueue("hop-in"));
        p.send(s.createTextMessage("text through 0-9-1"));
        MapMessage map = s.createMapMessage();
        map.setString("k", "v");
        p.send(map);

        Channel ch = amqp091.createChannel();
        ch.queueDeclare("hop-out", true, false, false, null);
        for (int i = 0; i < 2; i++) {
            GetResponse r = ch.basicGet("hop-in", true);
            assertNotNull(r);
            assertEquals("amqp-1.0", r.getProps().getType(), "RabbitMQ 4's marker for encoded AMQP 1.0 sections");
            ch.basicPublish("", "hop-out", r.getProps(), r.getBody());
        }
        var consumer = s.createConsumer(s.createQueue("hop-out"));
        assertEquals("text through 0-9-1", ((TextMessage) consumer.receive(5000)).getText());
        MapMessage back = assertInstanceOf(MapMessage.class, consumer.receive(5000));
        assertEquals("v", back.getString("k"));
        ch.close();
    }
}
