package dev.sluice.amqp091;

import dev.sluice.amqp091.codec.BasicAck;
import dev.sluice.amqp091.codec.BasicNack;
import dev.sluice.amqp091.codec.Method;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Publisher confirms of one channel. Sequence numbers are handed out in publish order; each is
 * settled once, possibly out of order (a persistent message waits until it is safe, see
 * {@code VirtualHost.whenSafe}). {@link #flush} sends one {@code basic.ack multiple} for the
 * settled acks when every earlier sequence number is settled and no nack lies among them,
 * otherwise single acks in order; nacks go out singly.
 *
 * <p>Allocation-free on the confirm path: settled flags live in a ring indexed by sequence number
 * (from the lowest unsettled one up to the next to hand out), and what is still to be told to the
 * client in two growable {@code long} arrays.
 *
 * <p>Threading: event-loop confined.
 */
final class ConfirmTracker {
    private long nextSeq = 1;
    /** Every sequence number below this one is settled. */
    private long lowestOpen = 1;
    /** Settled flags of {@code lowestOpen <= seq < nextSeq}, at {@code seq & (length - 1)}. */
    private boolean[] settled = new boolean[256];
    private final SequenceList ackedUnsent = new SequenceList();
    private final SequenceList nackedUnsent = new SequenceList();

    long next() {
        if (nextSeq - lowestOpen == settled.length) {
            grow();
        }
        return nextSeq++;
    }

    void ack(long seq) {
        if (settle(seq)) {
            ackedUnsent.add(seq);
        }
    }

    void nack(long seq) {
        if (settle(seq)) {
            nackedUnsent.add(seq);
        }
    }

    /** Marks {@code seq} settled; false when it was already (or was never handed out). */
    private boolean settle(long seq) {
        if (seq < lowestOpen || seq >= nextSeq) {
            return false;
        }
        int mask = settled.length - 1;
        int slot = (int) (seq & mask);
        if (settled[slot]) {
            return false;
        }
        settled[slot] = true;
        while (lowestOpen < nextSeq && settled[(int) (lowestOpen & mask)]) {
            settled[(int) (lowestOpen & mask)] = false;
            lowestOpen++;
        }
        return true;
    }

    /** Doubles the ring, keeping each open sequence number's flag at its new slot. */
    private void grow() {
        boolean[] bigger = new boolean[settled.length * 2];
        int oldMask = settled.length - 1;
        int newMask = bigger.length - 1;
        for (long seq = lowestOpen; seq < nextSeq; seq++) {
            bigger[(int) (seq & newMask)] = settled[(int) (seq & oldMask)];
        }
        settled = bigger;
    }

    boolean hasUnsent() {
        return ackedUnsent.size() > 0 || nackedUnsent.size() > 0;
    }

    void flush(Consumer<Method> send) {
        nackedUnsent.sort();
        for (int i = 0; i < nackedUnsent.size(); i++) {
            send.accept(new BasicNack(nackedUnsent.get(i), false, false));
        }
        if (ackedUnsent.size() > 0) {
            ackedUnsent.sort();
            long highest = ackedUnsent.get(ackedUnsent.size() - 1);
            boolean contiguous = lowestOpen > highest
                    && (nackedUnsent.size() == 0 || nackedUnsent.get(nackedUnsent.size() - 1) < ackedUnsent.get(0));
            if (contiguous && ackedUnsent.size() > 1) {
                send.accept(new BasicAck(highest, true));
            } else {
                for (int i = 0; i < ackedUnsent.size(); i++) {
                    send.accept(new BasicAck(ackedUnsent.get(i), false));
                }
            }
        }
        ackedUnsent.clear();
        nackedUnsent.clear();
    }

    /** A growable list of sequence numbers. */
    private static final class SequenceList {
        private long[] values = new long[64];
        private int size;
        private boolean sorted = true;

        void add(long seq) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            if (size > 0 && values[size - 1] > seq) {
                sorted = false;
            }
            values[size++] = seq;
        }

        void sort() {
            if (!sorted) {
                Arrays.sort(values, 0, size);
                sorted = true;
            }
        }

        long get(int i) {
            return values[i];
        }

        int size() {
            return size;
        }

        void clear() {
            size = 0;
            sorted = true;
        }
    }
}
