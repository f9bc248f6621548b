package dev.sluice.interop.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.jms.Connection;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;
import org.junit.jupiter.api.Test;

/** Qpid JMS publish/subscribe: topics over amq.topic with wildcards, durable and shared subscriptions. */
class TopicsIT extends JmsBrokerTest {
    private static String text(MessageConsumer c) throws JMSException {
        TextMessage m = (TextMessage) c.receive(5000);
        return m == null ? null : m.getText();
    }

    @Test
    void everySubscriberGetsACopyAndWildcardsMatch() throws Exception {
        Connection c = broker.connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer exact = s.createConsumer(s.createTopic("orders.eu.new"));
        MessageConsumer star = s.createConsumer(s.createTopic("orders.*.new"));
        MessageConsumer hash = s.createConsumer(s.createTopic("orders.#"));
        MessageConsumer other = s.createConsumer(s.createTopic("invoices.#"));
        MessageProducer p = s.createProducer(s.createTopic("orders.eu.new"));
        p.send(s.createTextMessage("o1"));
        s.createProducer(s.createTopic("orders.eu.shipped")).send(s.createTextMessage("o2"));
        assertEquals("o1", text(exact));
        assertEquals("o1", text(star));
        assertEquals("o1", text(hash));
        assertEquals("o2", text(hash));
        assertNull(other.receive(200));
        assertNull(star.receive(200));
    }

    @Test
    void aNoLocalSubscriberDoesNotGetItsOwnConnectionsMessages() throws Exception {
        Connection mine = broker.connect();
        Session s = mine.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s.createTopic("chat.room");
        MessageConsumer noLocal = s.createConsumer(t, null, true);
        MessageConsumer all = s.createConsumer(t);
        s.createProducer(t).send(s.createTextMessage("from me"));
        Connection other = broker.connect();
        Session os = other.createSession(false, Session.AUTO_ACKNOWLEDGE);
        os.createProducer(os.createTopic("chat.room")).send(os.createTextMessage("from them"));
        assertEquals("from them", text(noLocal));
        assertNull(noLocal.receive(200));
        assertEquals("from me", text(all));
        assertEquals("from them", text(all));
    }

    @Test
    void aTopicMessageWithoutSubscribersIsDropped() throws Exception {
        Connection c = broker.connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s.createTopic("nobody.listens");
        s.createProducer(t).send(s.createTextMessage("lost"));
        MessageConsumer late = s.createConsumer(t);
        assertNull(late.receive(300));
    }

    @Test
    void aDurableSubscriptionKeepsMessagesWhileItsConsumerIsAway() throws Exception {
        Connection first = broker.connectAs("durable-client");
        Session s = first.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s.createTopic("news.sport");
        TopicSubscriber sub = s.createDurableSubscriber(t, "sport-sub");
        MessageProducer p = s.createProducer(t);
        p.send(s.createTextMessage("before"));
        assertEquals("before", text(sub));
        sub.close();
        p.send(s.createTextMessage("while away 1"));
        p.send(s.createTextMessage("while away 2"));
        first.close();

        Connection second = broker.connectAs("durable-client");
        Session s2 = second.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TopicSubscriber again = s2.createDurableSubscriber(s2.createTopic("news.sport"), "sport-sub");
        assertEquals("while away 1", text(again));
        assertEquals("while away 2", text(again));
        again.close();
        s2.unsubscribe("sport-sub");
        s2.createProducer(t).send(s2.createTextMessage("after unsubscribe"));
        TopicSubscriber fresh = s2.createDurableSubscriber(s2.createTopic("news.sport"), "sport-sub");
        assertNull(fresh.receive(300), "a new subscription starts empty");
        fresh.close();
        s2.unsubscribe("sport-sub");
        assertThrows(InvalidDestinationException.class, () -> s2.unsubscribe("sport-sub"));
    }

    @Test
    void aClientIdIsHeldByOneConnectionAtATime() throws Exception {
        broker.connectAs("only-me");
        assertThrows(InvalidClientIDException.class, () -> broker.connectAs("only-me"));
    }

    @Test
    void sharedSubscribersSplitTheMessages() throws Exception {
        Connection c = broker.connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s.createTopic("work.items");
        MessageConsumer a = s.createSharedConsumer(t, "workers");
        MessageConsumer b = s.createSharedConsumer(t, "workers");
        MessageProducer p = s.createProducer(t);
        for (int i = 0; i < 4; i++) {
            p.send(s.createTextMessage("w" + i));
        }
        int got = 0;
        while (a.receive(500) != null) {
            got++;
        }
        while (b.receive(500) != null) {
            got++;
        }
        assertEquals(4, got, "each message once across the shared subscription");
    }

    @Test
    void sharedDurableSubscriptionSurvivesItsConsumers() throws Exception {
        Connection c = broker.connectAs("shared-durable");
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s.createTopic("shared.durable");
        MessageConsumer a = s.createSharedDurableConsumer(t, "keep");
        a.close();
        s.createProducer(t).send(s.createTextMessage("kept"));
        MessageConsumer again = s.createSharedDurableConsumer(t, "keep");
        assertEquals("kept", text(again));
        again.close();
        s.unsubscribe("keep");
    }

    @Test
    void selectorsPickMessagesAndTheRestWaitForOthers() throws Exception {
        Connection c = broker.connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        jakarta.jms.Queue q = s.createQueue("selected");
        MessageProducer p = s.createProducer(q);
        for (String color : new String[] {"red", "blue", "red", "green"}) {
            TextMessage m = s.createTextMessage(color);
            m.setStringProperty("color", color);
            m.setIntProperty("n", color.length());
            p.send(m);
        }
        MessageConsumer reds = s.createConsumer(q, "color = 'red'");
        assertEquals("red", text(reds));
        assertEquals("red", text(reds));
        assertNull(reds.receive(200));
        reds.close();
        MessageConsumer longNames = s.createConsumer(q, "n > 4 OR color LIKE 'b%'");
        assertEquals("blue", text(longNames));
        assertEquals("green", text(longNames));
        assertThrows(jakarta.jms.InvalidSelectorException.class, () -> s.createConsumer(q, "color = "));
    }
}
