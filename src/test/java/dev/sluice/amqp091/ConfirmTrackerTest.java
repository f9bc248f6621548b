package dev.sluice.amqp091;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sluice.amqp091.codec.BasicAck;
import dev.sluice.amqp091.codec.BasicNack;
import dev.sluice.amqp091.codec.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfirmTrackerTest {
    private final ConfirmTracker confirms = new ConfirmTracker();
    private final List<Method> sent = new ArrayList<>();

    @Test
    void aContiguousRunOfAcksIsOneMultipleAck() {
        for (int i = 0; i < 3; i++) {
            confirms.ack(confirms.next());
        }
        confirms.flush(sent::add);
        assertEquals(List.of(new BasicAck(3, true)), sent);
        assertFalse(confirms.hasUnsent());
    }

    @Test
    void aSingleAckIsNotMultiple() {
        confirms.ack(confirms.next());
        confirms.flush(sent::add);
        assertEquals(List.of(new BasicAck(1, false)), sent);
    }

    @Test
    void anOpenEarlierPublishForcesSingleAcks() {
        long first = confirms.next();
        long second = confirms.next();
        long third = confirms.next();
        confirms.ack(second);
        confirms.ack(third);
        confirms.flush(sent::add);
        assertEquals(List.of(new BasicAck(second, false), new BasicAck(third, false)), sent);
        sent.clear();
        confirms.ack(first);
        confirms.flush(sent::add);
        assertEquals(List.of(new BasicAck(first, false)), sent);
    }

    @Test
    void nacksGoOutSinglyAndKeepAcksSingleAroundThem() {
        long a = confirms.next();
        long b = confirms.next();
        long c = confirms.next();
        confirms.ack(a);
        confirms.nack(b);
        confirms.ack(c);
        confirms.flush(sent::add);
        assertEquals(List.of(new BasicNack(b, false, false), new BasicAck(a, false), new BasicAck(c, false)), sent);
    }

    @Test
    void manyOutstandingSettledInReverseAreOneMultipleAckOnceTheFirstIsSettled() {
        int outstanding = 1000; // more than the ring holds at first: it grows
        for (int i = 0; i < outstanding; i++) {
            confirms.next();
        }
        for (long seq = outstanding; seq >= 2; seq--) {
            confirms.ack(seq);
        }
        confirms.flush(sent::add);
        assertEquals(outstanding - 1, sent.size(), "seq 1 is still open: single acks");
        assertEquals(new BasicAck(2, false), sent.get(0), "in order");
        sent.clear();
        confirms.ack(1);
        long next = confirms.next();
        confirms.ack(next);
        confirms.flush(sent::add);
        assertEquals(List.of(new BasicAck(next, true)), sent);
    }

    @Test
    void anUnknownOrRepeatedSequenceIsIgnored() {
        long a = confirms.next();
        confirms.ack(a + 1);
        confirms.ack(0);
        assertFalse(confirms.hasUnsent());
        confirms.ack(a);
        confirms.flush(sent::add);
        sent.clear();
        confirms.ack(a);
        assertFalse(confirms.hasUnsent());
    }

    @Test
    void aSequenceIsSettledOnce() {
        long a = confirms.next();
        confirms.ack(a);
        confirms.nack(a);
        confirms.flush(sent::add);
        assertEquals(List.of(new BasicAck(a, false)), sent);
    }
}
