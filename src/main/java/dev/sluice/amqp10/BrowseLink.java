package dev.sluice.amqp10;

import dev.sluice.core.message.Message;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;

/**
 * A browsing link (source distribution mode {@code copy}, a JMS QueueBrowser): copies of the
 * queue's ready messages as they were at attach, sent pre-settled as credit allows; the queue
 * keeps them. A drain with nothing left to show ends the enumeration.
 *
 * <p>Threading: confined to the connection's event loop.
 */
final class BrowseLink implements LinkHandler {
    private final Amqp10Connection conn;
    private final Sender sender;
    private final List<Message> snapshot;
    private int next;
    private long tag;
    private boolean gone;

    /** @param snapshot retained copies; this link releases them */
    BrowseLink(Amqp10Connection conn, Sender sender, List<Message> snapshot) {
        this.conn = conn;
        this.sender = sender;
        this.snapshot = snapshot;
    }

    @Override
    public Session session() {
        return sender.getSession();
    }

    @Override
    public void onFlow() {
        while (!gone && sender.getCredit() > 0 && next < snapshot.size()) {
            Message m = snapshot.get(next);
            snapshot.set(next++, null);
            try {
                ByteBuf bytes = conn.outbound().encode(m, 0, conn.ctx().alloc());
                try {
                    Delivery d = sender.delivery(ByteBuffer.allocate(8).putLong(tag++).array());
                    sender.send(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
                    sender.advance();
                    d.settle();
                } finally {
                    bytes.release();
                }
            } finally {
                m.release();
            }
        }
        if (sender.getDrain()) {
            sender.drained();
        }
    }

    @Override
    public void onDelivery(Delivery delivery) {
        delivery.settle();
    }

    @Override
    public void onGone(boolean closedByPeer) {
        if (gone) {
            return;
        }
        gone = true;
        for (int i = next; i < snapshot.size(); i++) {
            snapshot.get(i).release();
        }
        snapshot.clear();
    }
}
