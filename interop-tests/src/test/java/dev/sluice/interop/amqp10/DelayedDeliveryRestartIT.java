package dev.sluice.interop.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.interop.BrokerProcess;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * A persistent JMS message sent with a delivery delay was accepted by the broker, so it must
 * survive the broker going away before the delay is over: stopped cleanly (SIGTERM) or killed
 * (SIGKILL) right after {@code send} returned, then started again on the same data directory. It
 * arrives once its delivery time has come, not before.
 */
class DelayedDeliveryRestartIT {
    /** Long enough that the broker is surely stopped before the message is due. */
    private static final long DELAY_MILLIS = 6_000;
    private static final long RECEIVE_DEADLINE_MILLIS = 30_000;

    @Test
    void aDelayedMessageSurvivesACleanStop() throws Exception {
        survivesRestart(false);
    }

    @Test
    void aDelayedMessageSurvivesAKill() throws Exception {
        survivesRestart(true);
    }

    private static Connection connect(BrokerProcess broker) throws Exception {
        Connection c = new JmsConnectionFactory("guest", "guest", "amqp://" + broker.host() + ":"
                + broker.amqpPort() + "?transport.useEpoll=false&amqp.idleTimeout=30000").createConnection();
        c.start();
        return c;
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (Exception e) {
            // the broker is gone; nothing to close on its side
        }
    }

    private static void survivesRestart(boolean kill) throws Exception {
        String queue = "delayed-" + (kill ? "killed" : "stopped");
        long dueAt;
        BrokerProcess first = BrokerProcess.start();
        try (BrokerProcess ignored = first) {
            Connection c = connect(first);
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue(queue);
            s.createConsumer(q).close(); // makes the queue before anything waits for it
            MessageProducer p = s.createProducer(q);
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            p.setDeliveryDelay(DELAY_MILLIS);
            TextMessage sent = s.createTextMessage("after the restart");
            p.send(sent);
            dueAt = sent.getJMSDeliveryTime();
            if (kill) {
                first.kill();
            } else {
                assertEquals(0, first.stop(), first.output());
            }
            closeQuietly(c);
            assertTrue(System.currentTimeMillis() < dueAt,
                    "the broker must be gone before the message is due; the machine is too slow for this test");
            try (BrokerProcess second = first.restart()) {
                Connection again = connect(second);
                try {
                    Session s2 = again.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    MessageConsumer consumer = s2.createConsumer(s2.createQueue(queue));
                    long early = dueAt - System.currentTimeMillis() - 500;
                    if (early > 0) {
                        assertNull(consumer.receive(early), "not before its delivery time");
                    }
                    TextMessage got = (TextMessage) consumer.receive(RECEIVE_DEADLINE_MILLIS);
                    long receivedAt = System.currentTimeMillis();
                    assertNotNull(got, "the delayed message came back; broker output:\n" + second.output());
                    assertEquals("after the restart", got.getText());
                    assertTrue(receivedAt >= dueAt, "received " + (dueAt - receivedAt) + " ms early");
                    assertNull(consumer.receiveNoWait(), "exactly once");
                } finally {
                    again.close();
                }
            }
        }
    }
}
