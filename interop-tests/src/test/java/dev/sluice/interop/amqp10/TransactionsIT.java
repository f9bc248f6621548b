package dev.sluice.interop.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;

/** Transacted JMS sessions over the AMQP 1.0 transaction coordinator. */
class TransactionsIT extends JmsBrokerTest {
    @Test
    void sendsBecomeVisibleAtCommitAndVanishAtRollback() throws Exception {
        Connection c = broker.connect();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        Session plain = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = plain.createQueue("tx-sends");
        MessageConsumer consumer = plain.createConsumer(q);
        MessageProducer p = tx.createProducer(q);
        p.send(tx.createTextMessage("rolled back"));
        tx.rollback();
        p.send(tx.createTextMessage("committed"));
        assertNull(consumer.receive(300), "nothing before commit");
        tx.commit();
        assertEquals("committed", ((TextMessage) consumer.receive(5000)).getText());
        assertNull(consumer.receive(300));
    }

    @Test
    void acknowledgementsTakeEffectAtCommitAndRollbackRedelivers() throws Exception {
        Connection c = broker.connect();
        Session plain = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = plain.createQueue("tx-acks");
        plain.createProducer(q).send(plain.createTextMessage("work"));
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer consumer = tx.createConsumer(q);
        assertEquals("work", ((TextMessage) consumer.receive(5000)).getText());
        tx.rollback();
        TextMessage again = (TextMessage) consumer.receive(5000);
        assertEquals("work", again.getText());
        assertTrue(again.getJMSRedelivered());
        tx.commit();
        consumer.close();
        assertNull(plain.createConsumer(q).receive(300), "committed ack removed it");
    }
}
