package dev.sluice.interop.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import dev.sluice.interop.BrokerProcess;
import jakarta.jms.JMSSecurityException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Malformed and refused input: the right AMQP error, and other connections carry on. */
@Timeout(60)
class BadInputIT {
    private static BrokerProcess broker;

    @BeforeAll
    static void start() throws Exception {
        broker = BrokerProcess.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private ProtonClient client() throws Exception {
        return new ProtonClient(broker.host(), broker.amqpPort());
    }

    private void otherConnectionsStillWork() throws Exception {
        try (ProtonClient other = client()) {
            ConnectionFactory f = new ConnectionFactory();
            f.setHost(broker.host());
            f.setPort(broker.amqpPort());
            try (com.rabbitmq.client.Connection c = f.newConnection(); Channel ch = c.createChannel()) {
                ch.queueDeclare("still-alive", false, false, false, null);
            }
            Message m = Message.Factory.create();
            m.setBody(new Data(new Binary(new byte[] {1})));
            assertInstanceOf(Accepted.class, other.send(other.sender("/queues/still-alive"), m));
        }
    }

    @Test
    void aFrameThatDoesNotDecodeClosesTheConnectionWithADecodeError() throws Exception {
        try (ProtonClient c = client()) {
            // a frame of 16 bytes on channel 0 whose body is not a described performative
            c.writeRaw(new byte[] {0, 0, 0, 16, 2, 0, 0, 0, (byte) 0xff, (byte) 0xff, 1, 2, 3, 4, 5, 6});
            ErrorCondition e = c.awaitConnectionClosed();
            assertNotNull(e);
            assertEquals(AmqpError.DECODE_ERROR, e.getCondition(), e::toString);
        }
        otherConnectionsStillWork();
    }

    @Test
    void anUnknownDescriptorClosesTheConnectionWithADecodeError() throws Exception {
        try (ProtonClient c = client()) {
            // described type 0x00 smallulong 0x99 (no such performative) with an empty list
            c.writeRaw(new byte[] {0, 0, 0, 12, 2, 0, 0, 0, 0, 0x53, (byte) 0x99, 0x45});
            ErrorCondition e = c.awaitConnectionClosed();
            assertNotNull(e);
            assertEquals(AmqpError.DECODE_ERROR, e.getCondition(), e::toString);
        }
        otherConnectionsStillWork();
    }

    @Test
    void aPayloadThatIsNotAMessageIsRejectedWithADecodeError() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(broker.host());
        f.setPort(broker.amqpPort());
        try (com.rabbitmq.client.Connection conn = f.newConnection(); Channel ch = conn.createChannel()) {
            ch.queueDeclare("garbage-in", false, false, false, null);
        }
        try (ProtonClient c = client()) {
            Sender s = c.sender("/queues/garbage-in");
            Rejected r = assertInstanceOf(Rejected.class, c.sendRaw(s, "not amqp".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(AmqpError.DECODE_ERROR, r.getError().getCondition());
            Message m = Message.Factory.create();
            m.setBody(new Data(new Binary(new byte[] {2})));
            assertInstanceOf(Accepted.class, c.send(s, m), "the link carries on");
        }
    }

    @Test
    void consumingAnotherConnectionsExclusiveQueueIsRefused() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(broker.host());
        f.setPort(broker.amqpPort());
        try (com.rabbitmq.client.Connection conn = f.newConnection(); Channel ch = conn.createChannel()) {
            ch.queueDeclare("someone-elses", false, true, false, null);
            try (ProtonClient c = client()) {
                var r = c.receiver("/queues/someone-elses", SenderSettleMode.UNSETTLED, 1);
                ErrorCondition e = c.awaitClosed(r);
                assertEquals(AmqpError.RESOURCE_LOCKED, e.getCondition());
            }
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        JmsConnectionFactory f = new JmsConnectionFactory("guest", "wrong",
                "amqp://" + broker.host() + ":" + broker.amqpPort() + "?transport.useEpoll=false");
        assertThrows(JMSSecurityException.class, () -> f.createConnection().start());
    }

    @Test
    void withoutSaslAnonymousClientsAreTurnedAway() throws Exception {
        try (Socket s = new Socket(broker.host(), broker.amqpPort())) {
            s.getOutputStream().write(new byte[] {'A', 'M', 'Q', 'P', 0, 1, 0, 0});
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            byte[] header = in.readNBytes(8);
            assertEquals('A', header[0]);
            assertEquals(3, header[4], "the server asks for SASL");
        }
    }
}
