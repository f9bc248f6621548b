package dev.sluice.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.sluice.Sluice;
import dev.sluice.testing.TestBrokers;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Qpid JMS against an embedded Sluice: the AMQP 1.0 endpoint end to end, in-process (the
 * black-box tests in interop-tests/ cover the rest against the packaged jar).
 */
class EmbeddedJmsTest {
    @TempDir
    Path dir;
    private Sluice sluice;
    private Connection connection;

    @BeforeEach
    void start() throws Exception {
        sluice = Sluice.builder().host("127.0.0.1").amqpPort(0).httpPort(0).dataDir(dir).start();
        connection = TestBrokers.jms(sluice, "");
    }

    @AfterEach
    void stop() throws Exception {
        if (connection != null) {
            connection.close();
        }
        sluice.close();
    }

    @Test
    void sendAndReceiveOnAQueue() throws Exception {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("smoke");
        session.createProducer(queue).send(session.createTextMessage("hello"));
        MessageConsumer consumer = session.createConsumer(queue);
        TextMessage received = (TextMessage) consumer.receive(5000);
        assertNotNull(received);
        assertEquals("hello", received.getText());
    }

    @Test
    void persistentJmsMessagesKeepTheirTypeAcrossARestart() throws Exception {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("kept");
        var producer = session.createProducer(queue);
        TextMessage text = session.createTextMessage("survives");
        text.setStringProperty("color", "red");
        text.setJMSType("note");
        producer.send(text);
        jakarta.jms.MapMessage map = session.createMapMessage();
        map.setInt("n", 42);
        producer.send(map);
        connection.close();
        connection = null;
        sluice.close();

        sluice = Sluice.builder().host("127.0.0.1").amqpPort(0).httpPort(0).dataDir(dir).start();
        connection = new JmsConnectionFactory("guest", "guest",
                "amqp://127.0.0.1:" + sluice.amqpPort() + "?transport.useEpoll=false").createConnection();
        connection.start();
        Session again = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = again.createConsumer(again.createQueue("kept"));
        TextMessage t = (TextMessage) consumer.receive(5000);
        assertEquals("survives", t.getText());
        assertEquals("red", t.getStringProperty("color"));
        assertEquals("note", t.getJMSType());
        assertEquals(text.getJMSMessageID(), t.getJMSMessageID());
        jakarta.jms.MapMessage m = (jakarta.jms.MapMessage) consumer.receive(5000);
        assertEquals(42, m.getInt("n"));
    }

    @Test
    void aPersistentMessageLargerThanManyFramesGoesThroughPromptly() throws Exception {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("large");
        BytesMessage m = session.createBytesMessage();
        m.writeBytes(new byte[3 * 1024 * 1024]);
        long started = System.nanoTime();
        session.createProducer(queue).send(m);
        BytesMessage got = (BytesMessage) session.createConsumer(queue).receive(10_000);
        assertNotNull(got);
        assertEquals(3 * 1024 * 1024, got.getBodyLength());
        long millis = (System.nanoTime() - started) / 1_000_000;
        org.junit.jupiter.api.Assertions.assertTrue(millis < 10_000, "took " + millis + " ms");
    }
}
