package dev.sluice.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.alarm.Resource;
import dev.sluice.core.alarm.ResourceMonitor;
import java.util.Arrays;
import java.util.Set;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Resource alarms and AMQP 1.0 publishers: while an alarm is on, publishing links get no more
 * credit (a link attached meanwhile gets none), consumers keep receiving, and once the alarm
 * clears the credit comes back; every message sent is in the queue, none refused. The alarm is
 * raised the way a failing store raises the disk alarm ({@link ResourceMonitor#writeFailed}).
 *
 * <p>Threading: the test thread drives both ends (the server runs on an embedded channel).
 */
class PublisherCreditTest {
    private static final int CREDIT = Amqp10Settings.defaults("test").linkCredit();
    private static final String QUEUE = "held-back";

    private ProtonPeer peer;
    private ResourceMonitor monitor;
    private Session session;
    private int tag;

    @BeforeEach
    void open() {
        peer = new ProtonPeer(Amqp10Settings.defaults("test").withAnonymousUser("guest").withIdleTimeoutMillis(0),
                0);
        monitor = peer.broker.resourceMonitor();
        session = peer.connection.session();
        session.open();
        peer.exchange();
    }

    @AfterEach
    void close() {
        peer.close();
    }

    @Test
    void aPublisherGetsNoMoreCreditDuringAnAlarmAndItsCreditBackAfter() {
        Sender sender = sender("p1");
        assertEquals(CREDIT, sender.getCredit(), "credit before the alarm");
        sendAll(sender, 10);
        assertEquals(10, queued());

        monitor.writeFailed(new IllegalStateException("disk full (test)"));
        assertEquals(Set.of(Resource.DISK), monitor.activeAlarms());
        int left = sender.getCredit();
        sendAll(sender, left);
        for (int i = 0; i < 5; i++) {
            peer.exchange();
        }
        assertEquals(0, sender.getCredit(), "no credit is granted while the alarm is on");
        assertEquals(10 + left, queued(), "what was sent within the credit is in the queue");

        monitor.writeRecovered();
        peer.exchange();
        assertEquals(CREDIT, sender.getCredit(), "credit comes back when the alarm clears");
        sendAll(sender, 20);
        assertEquals(30 + left, queued(), "nothing was lost");
    }

    @Test
    void aPublishingLinkAttachedDuringAnAlarmStartsWithoutCredit() {
        monitor.writeFailed(new IllegalStateException("disk full (test)"));
        Sender sender = sender("p2");
        assertEquals(EndpointState.ACTIVE, sender.getRemoteState(), "the attach is not refused");
        assertEquals(0, sender.getCredit());

        monitor.writeRecovered();
        peer.exchange();
        assertEquals(CREDIT, sender.getCredit());
        sendAll(sender, 3);
        assertEquals(3, queued());
    }

    @Test
    void consumersKeepReceivingDuringAnAlarm() {
        Sender sender = sender("p3");
        sendAll(sender, 20);
        monitor.writeFailed(new IllegalStateException("disk full (test)"));

        Receiver receiver = session.receiver("c3");
        Source source = new Source();
        source.setAddress(Address.ofQueue(QUEUE));
        receiver.setSource(source);
        receiver.setTarget(new Target());
        receiver.open();
        receiver.flow(20);
        int received = 0;
        for (int round = 0; round < 20 && received < 20; round++) {
            peer.exchange();
            for (Delivery d = receiver.current(); d != null && d.isReadable() && !d.isPartial();
                    d = receiver.current()) {
                byte[] bytes = new byte[d.available()];
                receiver.recv(bytes, 0, bytes.length);
                receiver.advance();
                d.disposition(Accepted.getInstance());
                d.settle();
                received++;
            }
        }
        peer.exchange();
        assertEquals(20, received, "every message was delivered while the alarm was on");
        assertEquals(0, queued(), "and acknowledged");
    }

    private Sender sender(String name) {
        Sender s = session.sender(name);
        Target target = new Target();
        target.setAddress(QUEUE);
        s.setTarget(target);
        s.setSource(new Source());
        s.open();
        peer.exchange();
        assertEquals(EndpointState.ACTIVE, s.getRemoteState());
        return s;
    }

    /** Sends {@code count} messages within the link's credit and waits for each outcome. */
    private void sendAll(Sender sender, int count) {
        Delivery[] sent = new Delivery[count];
        byte[] payload = message();
        for (int i = 0; i < count; i++) {
            assertTrue(sender.getCredit() > 0, "credit for message " + i);
            sent[i] = sender.delivery(new byte[] {(byte) (++tag >> 8), (byte) tag});
            sender.send(payload, 0, payload.length);
            sender.advance();
        }
        peer.exchange();
        peer.exchange();
        assertTrue(Arrays.stream(sent).allMatch(d -> d.getRemoteState() instanceof Accepted),
                "every message is accepted");
        for (Delivery d : sent) {
            d.settle();
        }
    }

    private int queued() {
        return peer.broker.defaultVirtualHost().queue(QUEUE).messageCount();
    }

    private static byte[] message() {
        Message m = Message.Factory.create();
        m.setBody(new Data(new Binary(new byte[] {1, 2, 3})));
        byte[] buf = new byte[256];
        int n = m.encode(buf, 0, buf.length);
        return Arrays.copyOf(buf, n);
    }
}
