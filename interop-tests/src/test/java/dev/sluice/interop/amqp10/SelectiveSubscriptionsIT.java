package dev.sluice.interop.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.interop.management.Api;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;

/**
 * Qpid JMS topic subscriptions with a selector keep only the messages it selects: the messages it
 * rejects never wait in the subscription's queue (its depth, read through the management API,
 * does not grow with them), for plain, shared and durable subscriptions; a durable subscription
 * keeps its selector while its consumer is away, and a different selector replaces it.
 */
class SelectiveSubscriptionsIT extends JmsBrokerTest {
    private static String text(MessageConsumer c) throws JMSException {
        TextMessage m = (TextMessage) c.receive(5000);
        return m == null ? null : m.getText();
    }

    private static void send(Session s, Topic t, String... colors) throws JMSException {
        MessageProducer p = s.createProducer(t);
        for (String color : colors) {
            TextMessage m = s.createTextMessage(color);
            m.setStringProperty("color", color);
            p.send(m); // persistent by default, so send waits until the broker has routed it
        }
        p.close();
    }

    /** Messages in the one queue subscribed to {@code topic}, as the management API shows them. */
    private static long depthOf(String topic) throws Exception {
        Api api = new Api(broker.process().httpUrl(), "guest", "guest");
        Api.Answer answer = api.get("/api/queues/%2F");
        assertEquals(200, answer.status(), answer.toString());
        long found = 0;
        long messages = 0;
        for (JsonNode q : answer.json()) {
            if (topic.equals(q.path("arguments").path("sluice-jms-topic").asText(null))) {
                found++;
                messages = q.path("messages").asLong();
            }
        }
        assertEquals(1, found, "one subscription queue for " + topic + ": " + answer);
        return messages;
    }

    private static Session newSession() throws JMSException {
        return broker.connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @Test
    void aPlainSubscriberKeepsNoMessageItsSelectorRejects() throws Exception {
        Session s = newSession();
        Topic t = s.createTopic("paint.plain");
        MessageConsumer reds = s.createConsumer(t, "color = 'red'");
        String[] blues = new String[50];
        java.util.Arrays.fill(blues, "blue");
        send(s, t, blues);
        send(s, t, "red");
        assertEquals("red", text(reds));
        assertEquals(0, depthOf("paint.plain"));
        reds.close();
    }

    @Test
    void aSharedSubscriptionKeepsNoMessageItsSelectorRejects() throws Exception {
        Session s = newSession();
        Topic t = s.createTopic("paint.shared");
        MessageConsumer reds = s.createSharedConsumer(t, "shared-reds", "color = 'red'");
        send(s, t, "blue", "green", "red", "blue");
        assertEquals("red", text(reds));
        assertEquals(0, depthOf("paint.shared"));
        reds.close();
    }

    @Test
    void aDurableSubscriptionKeepsOnlySelectedMessagesWhileItsConsumerIsAway() throws Exception {
        Connection c = broker.connectAs("selective-client");
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s.createTopic("paint.durable");
        s.createDurableSubscriber(t, "reds", "color = 'red'", false).close();
        send(s, t, "blue", "red-1", "green", "blue", "red-2");
        assertEquals(0, depthOf("paint.durable"), "nothing named exactly 'red'");
        send(s, t, "red");
        assertEquals(1, depthOf("paint.durable"));

        MessageConsumer again = s.createDurableSubscriber(t, "reds", "color = 'red'", false);
        assertEquals("red", text(again));
        assertNull(again.receive(300), "nothing else was kept");
        again.close();

        send(s, t, "red");
        MessageConsumer blues = s.createDurableSubscriber(t, "reds", "color = 'blue'", false);
        assertNull(blues.receive(300), "another selector is a new subscription, which starts empty");
        send(s, t, "red", "blue");
        assertEquals("blue", text(blues));
        assertEquals(0, depthOf("paint.durable"));
        blues.close();
        s.unsubscribe("reds");
    }
}
