package dev.sluice.amqp10;

import java.util.Arrays;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;

/**
 * Collects the bytes of incoming transfers on one receiving link, frame by frame, so proton-j's
 * session window is freed as bytes arrive and a message larger than the window still gets
 * through. A message comes out once its last frame is in, as an array of exactly its size.
 *
 * <p>Threading: confined to the connection's event loop.
 */
final class TransferReader {
    /** What one call made of the delivery's new bytes. */
    enum Status { INCOMPLETE, COMPLETE, ABORTED, TOO_LARGE, BEYOND_CREDIT, NOT_CURRENT }

    private final Receiver receiver;
    private final long maxBytes;

    private Delivery reading;
    /** Credit granted, and deliveries finished (advanced past), since the link was attached. */
    private long granted;
    private long advanced;
    private byte[] bytes = new byte[0];
    private int size;

    TransferReader(Receiver receiver, long maxBytes) {
        this.receiver = receiver;
        this.maxBytes = maxBytes;
    }

    /** Reads what arrived for {@code d}; after COMPLETE the message is {@link #take()}. */
    Status read(Delivery d) {
        if (d != receiver.current()) {
            return Status.NOT_CURRENT;
        }
        if (d != reading) {
            reading = d;
            size = 0;
            if (advanced + 1 > granted) {
                return Status.BEYOND_CREDIT;
            }
        }
        if (d.isAborted()) {
            finish();
            return Status.ABORTED;
        }
        int available = d.available();
        if (available > 0) {
            if ((long) size + available > maxBytes) {
                finish();
                return Status.TOO_LARGE;
            }
            if (size + available > bytes.length) {
                int wanted = d.isPartial() ? Math.max(size + available, bytes.length * 2) : size + available;
                bytes = Arrays.copyOf(bytes, wanted);
            }
            size += receiver.recv(bytes, size, available);
        }
        if (d.isPartial()) {
            // proton-j re-announces the session window only for a link it has work for; once the
            // window is used up that must happen now, or the peer waits for an idle tick
            receiver.flow(0);
        }
        return d.isPartial() ? Status.INCOMPLETE : Status.COMPLETE;
    }

    /** Grants {@code credit} more deliveries. */
    void grant(int credit) {
        granted += credit;
        receiver.flow(credit);
    }

    /**
     * Tops the link's credit back up to {@code full} once half of it has been used. Returns false,
     * granting nothing, when the peer has sent more transfers than it had credit for. The count
     * is Sluice's own (credit granted, less deliveries finished and those proton-j has received
     * but not handed over yet): proton-j's credit never goes below zero, and a transfer sent
     * without credit may arrive in the same read as legitimate ones.
     */
    boolean topUpCredit(int full) {
        long left = granted - advanced - receiver.getQueued();
        if (left < 0) {
            return false;
        }
        if (left <= full / 2) {
            grant((int) (full - left));
        }
        return true;
    }

    /** Settles an incoming delivery with {@code state} (no disposition for a pre-settled one). */
    static void settle(Delivery d, org.apache.qpid.proton.amqp.transport.DeliveryState state) {
        if (!d.remotelySettled()) {
            d.disposition(state);
        }
        d.settle();
    }

    /** The complete message of exactly its size; the reader starts afresh. */
    byte[] take() {
        byte[] message = bytes.length == size ? bytes : Arrays.copyOf(bytes, size);
        bytes = new byte[0];
        finish();
        return message;
    }

    private void finish() {
        reading = null;
        size = 0;
        advanced++;
        receiver.advance();
    }
}
