package dev.sluice.interop.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;

/** Temporary queues and topics (dynamic nodes), request/reply over them. */
class TemporaryQueuesIT extends JmsBrokerTest {
    @Test
    void requestReplyOverATemporaryQueue() throws Exception {
        Connection server = broker.connect();
        Session ss = server.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer requests = ss.createConsumer(ss.createQueue("rpc.requests"));
        MessageProducer replier = ss.createProducer(null);
        requests.setMessageListener(request -> {
            try {
                TextMessage reply = ss.createTextMessage("re: " + ((TextMessage) request).getText());
                reply.setJMSCorrelationID(request.getJMSMessageID());
                replier.send(request.getJMSReplyTo(), reply);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        Connection client = broker.connect();
        Session cs = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryQueue replies = cs.createTemporaryQueue();
        MessageConsumer replyConsumer = cs.createConsumer(replies);
        TextMessage request = cs.createTextMessage("ping");
        request.setJMSReplyTo(replies);
        cs.createProducer(cs.createQueue("rpc.requests")).send(request);
        TextMessage reply = (TextMessage) replyConsumer.receive(5000);
        assertNotNull(reply);
        assertEquals("re: ping", reply.getText());
        assertEquals(request.getJMSMessageID(), reply.getJMSCorrelationID());
        replyConsumer.close();
        replies.delete();
    }

    @Test
    void temporaryTopicsDeliverToTheirSubscribers() throws Exception {
        Connection c = broker.connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryTopic t = s.createTemporaryTopic();
        MessageConsumer a = s.createConsumer(t);
        MessageConsumer b = s.createConsumer(t);
        s.createProducer(t).send(s.createTextMessage("to all"));
        Message ma = a.receive(5000);
        Message mb = b.receive(5000);
        assertEquals("to all", ((TextMessage) ma).getText());
        assertEquals("to all", ((TextMessage) mb).getText());
    }
}
