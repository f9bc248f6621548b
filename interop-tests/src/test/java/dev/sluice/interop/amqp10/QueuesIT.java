package dev.sluice.interop.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Qpid JMS point-to-point: queues created on demand, the five message types, acks, priorities. */
class QueuesIT extends JmsBrokerTest {
    @Test
    void aQueueIsCreatedOnDemandAndDeliversInOrder() throws Exception {
        Connection c = broker.connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("orders-in-order");
        MessageProducer p = s.createProducer(q);
        for (int i = 0; i < 20; i++) {
            p.send(s.createTextMessage("m" + i));
        }
        MessageConsumer consumer = s.createConsumer(q);
        for (int i = 0; i < 20; i++) {
            TextMessage m = (TextMessage) consumer.receive(5000);
            assertNotNull(m, "message " + i);
            assertEquals("m" + i, m.getText());
        }
        assertNull(consumer.receiveNoWait());
    }

    @Test
    void theFiveMessageTypesSurviveAQueue() throws Exception {
        Connection c = broker.connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("five-types");
        MessageProducer p = s.createProducer(q);
        p.send(s.createTextMessage("text"));
        BytesMessage bytes = s.createBytesMessage();
        bytes.writeBytes(new byte[] {1, 2, 3});
        p.send(bytes);
        MapMessage map = s.createMapMessage();
        map.setString("name", "sluice");
        map.setInt("count", 7);
        p.send(map);
        StreamMessage stream = s.createStreamMessage();
        stream.writeString("a");
        stream.writeLong(42L);
        p.send(stream);
        p.send(s.createObjectMessage(new ArrayList<>(List.of("x", "y"))));
        Message plain = s.createMessage();
        plain.setStringProperty("kind", "plain");
        p.send(plain);

        MessageConsumer consumer = s.createConsumer(q);
        assertEquals("text", ((TextMessage) consumer.receive(5000)).getText());
        BytesMessage b = assertInstanceOf(BytesMessage.class, consumer.receive(5000));
        byte[] read = new byte[3];
        assertEquals(3, b.readBytes(read));
        assertEquals(3, read[2]);
        MapMessage m = assertInstanceOf(MapMessage.class, consumer.receive(5000));
        assertEquals("sluice", m.getString("name"));
        assertEquals(7, m.getInt("count"));
        StreamMessage st = assertInstanceOf(StreamMessage.class, consumer.receive(5000));
        assertEquals("a", st.readString());
        assertEquals(42L, st.readLong());
        ObjectMessage o = assertInstanceOf(ObjectMessage.class, consumer.receive(5000));
        assertEquals(List.of("x", "y"), o.getObject());
        Message last = consumer.receive(5000);
        assertEquals("plain", last.getStringProperty("kind"));
    }

    @Test
    void propertiesAndHeadersTravel() throws Exception {
        Connection c = broker.connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("headers");
        MessageProducer p = s.createProducer(q);
        TextMessage m = s.createTextMessage("h");
        m.setJMSCorrelationID("corr-1");
        m.setJMSType("greeting");
        m.setIntProperty("i", 5);
        m.setLongProperty("l", 6L);
        m.setBooleanProperty("b", true);
        m.setDoubleProperty("d", 1.5);
        m.setStringProperty("s", "str");
        p.send(m, DeliveryMode.PERSISTENT, 7, 0);
        TextMessage got = (TextMessage) s.createConsumer(q).receive(5000);
        assertEquals("corr-1", got.getJMSCorrelationID());
        assertEquals("greeting", got.getJMSType());
        assertEquals(5, got.getIntProperty("i"));
        assertEquals(6L, got.getLongProperty("l"));
        assertTrue(got.getBooleanProperty("b"));
        assertEquals(1.5, got.getDoubleProperty("d"));
        assertEquals("str", got.getStringProperty("s"));
        assertEquals(7, got.getJMSPriority());
        assertEquals(DeliveryMode.PERSISTENT, got.getJMSDeliveryMode());
        assertEquals(m.getJMSMessageID(), got.getJMSMessageID());
    }

    @Test
    void receiveNoWaitDrainsWhatIsThere() throws Exception {
        Connection c = broker.connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("no-wait");
        MessageConsumer consumer = s.createConsumer(q);
        assertNull(consumer.receiveNoWait());
        s.createProducer(q).send(s.createTextMessage("there"));
        Message m = null;
        for (int i = 0; i < 50 && m == null; i++) {
            m = consumer.receiveNoWait();
            if (m == null) {
                Thread.sleep(20);
            }
        }
        assertNotNull(m);
        assertNull(consumer.receiveNoWait());
    }

    @Test
    void clientAcknowledgeAndRecoverRedeliver() throws Exception {
        Connection c = broker.connect();
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue q = s.createQueue("client-ack");
        MessageProducer p = s.createProducer(q);
        p.send(s.createTextMessage("one"));
        p.send(s.createTextMessage("two"));
        MessageConsumer consumer = s.createConsumer(q);
        assertEquals("one", ((TextMessage) consumer.receive(5000)).getText());
        assertEquals("two", ((TextMessage) consumer.receive(5000)).getText());
        s.recover();
        TextMessage again = (TextMessage) consumer.receive(5000);
        assertEquals("one", again.getText());
        assertTrue(again.getJMSRedelivered());
        TextMessage twoAgain = (TextMessage) consumer.receive(5000);
        assertEquals("two", twoAgain.getText());
        twoAgain.acknowledge();
        consumer.close();
        assertNull(s.createConsumer(q).receive(300));
    }

    @Test
    void unacknowledgedMessagesComeBackWhenTheSessionCloses() throws Exception {
        Connection c = broker.connect();
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue q = s.createQueue("unacked-back");
        s.createProducer(q).send(s.createTextMessage("back"));
        MessageConsumer consumer = s.createConsumer(q);
        assertNotNull(consumer.receive(5000));
        s.close();
        Session s2 = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TextMessage again = (TextMessage) s2.createConsumer(q).receive(5000);
        assertEquals("back", again.getText());
    }

    @Test
    void priorityOrdersABacklog() throws Exception {
        Connection c = broker.connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("by-priority");
        MessageProducer p = s.createProducer(q);
        p.send(s.createTextMessage("low"), DeliveryMode.NON_PERSISTENT, 1, 0);
        p.send(s.createTextMessage("default"));
        p.send(s.createTextMessage("high"), DeliveryMode.NON_PERSISTENT, 9, 0);
        MessageConsumer consumer = s.createConsumer(q);
        assertEquals("high", ((TextMessage) consumer.receive(5000)).getText());
        assertEquals("default", ((TextMessage) consumer.receive(5000)).getText());
        assertEquals("low", ((TextMessage) consumer.receive(5000)).getText());
    }

    @Test
    void expiredMessagesAreNotDelivered() throws Exception {
        Connection c = broker.connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("ttl");
        MessageProducer p = s.createProducer(q);
        p.send(s.createTextMessage("short"), DeliveryMode.NON_PERSISTENT, 4, 100);
        p.send(s.createTextMessage("long"), DeliveryMode.NON_PERSISTENT, 4, 60_000);
        Thread.sleep(300);
        MessageConsumer consumer = s.createConsumer(q);
        assertEquals("long", ((TextMessage) consumer.receive(5000)).getText());
        assertNull(consumer.receive(200));
    }

    @Test
    void aBrowserSeesTheMessagesAndLeavesThem() throws Exception {
        Connection c = broker.connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("browsed");
        MessageProducer p = s.createProducer(q);
        for (String color : new String[] {"red", "blue", "red"}) {
            TextMessage m = s.createTextMessage(color);
            m.setStringProperty("color", color);
            p.send(m);
        }
        List<String> seen = new ArrayList<>();
        var all = s.createBrowser(q).getEnumeration();
        while (all.hasMoreElements()) {
            seen.add(((TextMessage) all.nextElement()).getText());
        }
        assertEquals(List.of("red", "blue", "red"), seen);
        var reds = s.createBrowser(q, "color = 'red'").getEnumeration();
        int redCount = 0;
        while (reds.hasMoreElements()) {
            reds.nextElement();
            redCount++;
        }
        assertEquals(2, redCount);
        MessageConsumer consumer = s.createConsumer(q);
        for (int i = 0; i < 3; i++) {
            assertNotNull(consumer.receive(5000), "browsing took nothing away");
        }
    }

    @Test
    void deliveryDelayHoldsAMessageBack() throws Exception {
        Connection c = broker.connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("delayed");
        MessageProducer p = s.createProducer(q);
        p.setDeliveryDelay(700);
        long sent = System.currentTimeMillis();
        p.send(s.createTextMessage("later"));
        MessageConsumer consumer = s.createConsumer(q);
        assertNull(consumer.receive(300), "not before its delivery time");
        TextMessage m = (TextMessage) consumer.receive(5000);
        assertEquals("later", m.getText());
        assertTrue(System.currentTimeMillis() - sent >= 600);
    }

    @Test
    void largeMessagesCrossInManyFrames() throws Exception {
        Connection c = broker.connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("large");
        byte[] body = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(body);
        BytesMessage m = s.createBytesMessage();
        m.writeBytes(body);
        s.createProducer(q).send(m);
        BytesMessage got = (BytesMessage) s.createConsumer(q).receive(20_000);
        assertNotNull(got);
        byte[] read = new byte[body.length];
        assertEquals(body.length, got.readBytes(read));
        assertTrue(java.util.Arrays.equals(body, read));
    }

    @Test
    void anonymousProducerSendsToAnyQueue() throws Exception {
        Connection c = broker.connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer anonymous = s.createProducer(null);
        Queue a = s.createQueue("anon-a");
        Queue b = s.createQueue("anon-b");
        MessageConsumer ca = s.createConsumer(a);
        MessageConsumer cb = s.createConsumer(b);
        anonymous.send(a, s.createTextMessage("to a"));
        anonymous.send(b, s.createTextMessage("to b"));
        assertEquals("to a", ((TextMessage) ca.receive(5000)).getText());
        assertEquals("to b", ((TextMessage) cb.receive(5000)).getText());
    }
}
