package dev.sluice.amqp091;

import dev.sluice.amqp091.codec.BasicAck;
import dev.sluice.amqp091.codec.BasicNack;
import dev.sluice.amqp091.codec.Method;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Publisher confirms of one channel. Sequence numbers are handed out in publish order; each is
 * settled once, possibly out of order (a persistent message waits for its group commit).
 * {@link #flush} sends one {@code basic.ack multiple} for the longest settled run when no nack
 * lies inside it, otherwise single acks; nacks go out singly.
 *
 * <p>Threading: event-loop confined.
 */
final class ConfirmTracker {
    private long nextSeq = 1;
    /** Sequence numbers published but not yet settled. */
    private final TreeSet<Long> open = new TreeSet<>();
    /** Settled as ack but not yet told to the client. */
    private final TreeSet<Long> ackedUnsent = new TreeSet<>();
    private final TreeSet<Long> nackedUnsent = new TreeSet<>();

    long next() {
        long seq = nextSeq++;
        open.add(seq);
        return seq;
    }

    void ack(long seq) {
        if (open.remove(seq)) {
            ackedUnsent.add(seq);
        }
    }

    void nack(long seq) {
        if (open.remove(seq)) {
            nackedUnsent.add(seq);
        }
    }

    boolean hasUnsent() {
        return !ackedUnsent.isEmpty() || !nackedUnsent.isEmpty();
    }

    void flush(Consumer<Method> send) {
        for (Long seq : nackedUnsent) {
            send.accept(new BasicNack(seq, false, false));
        }
        if (!ackedUnsent.isEmpty()) {
            long highest = ackedUnsent.last();
            boolean contiguous = (open.isEmpty() || open.first() > highest)
                    && (nackedUnsent.isEmpty() || nackedUnsent.last() < ackedUnsent.first());
            if (contiguous && ackedUnsent.size() > 1) {
                send.accept(new BasicAck(highest, true));
            } else {
                for (Long seq : ackedUnsent) {
                    send.accept(new BasicAck(seq, false));
                }
            }
        }
        ackedUnsent.clear();
        nackedUnsent.clear();
    }
}
