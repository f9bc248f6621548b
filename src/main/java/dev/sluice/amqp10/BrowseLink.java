package dev.sluice.amqp10;

import dev.sluice.core.message.Message;
import dev.sluice.core.queue.QueueBrowser;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Predicate;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;

/**
 * A browsing link (source distribution mode {@code copy}, a JMS QueueBrowser): copies of the
 * queue's ready messages as they were at attach, sent pre-settled as credit allows; the queue
 * keeps them. The copies come from a {@link QueueBrowser} a batch at a time (messages the queue
 * keeps only on disk are read from the store), and only the ones the selector accepts are sent.
 * A drain with nothing left to show ends the enumeration; a drain while a batch is being read is
 * answered once it has come.
 *
 * <p>Threading: confined to the connection's event loop, except {@link #arrived}, which the
 * browser calls on whichever thread answers (the event loop or the store's reader thread).
 */
final class BrowseLink implements LinkHandler {
    private final Amqp10Connection conn;
    private final Sender sender;
    private final QueueBrowser browser;
    private final Predicate<Message> filter;
    private final ArrayDeque<Message> pending = new ArrayDeque<>();
    private long tag;
    private boolean fetching;
    /** Guarded by this: set once the link has ended. */
    private boolean gone;
    /** Guarded by this: a batch that has come and is waiting for the event loop. */
    private List<Message> arrivedBatch;

    /** @param filter the selector, or null to show every message */
    BrowseLink(Amqp10Connection conn, Sender sender, QueueBrowser browser, Predicate<Message> filter) {
        this.conn = conn;
        this.sender = sender;
        this.browser = browser;
        this.filter = filter;
    }

    @Override
    public Session session() {
        return sender.getSession();
    }

    @Override
    public void onFlow() {
        if (isGone()) {
            return;
        }
        while (sender.getCredit() > 0 && !pending.isEmpty()) {
            send(pending.poll());
        }
        if (sender.getCredit() > 0 && pending.isEmpty() && !fetching && !browser.finished()) {
            fetching = true;
            browser.next(this::arrived);
            return;
        }
        if (sender.getDrain() && !fetching) {
            sender.drained();
        }
    }

    private void send(Message m) {
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

    /** A batch from the browser (any thread): handed to the event loop, or released when the link has ended. */
    private void arrived(List<Message> batch) {
        synchronized (this) {
            if (!gone) {
                arrivedBatch = batch;
                batch = null;
            }
        }
        if (batch != null) {
            batch.forEach(Message::release);
            return;
        }
        conn.runOnLoop(this::takeArrived);
    }

    private void takeArrived() {
        List<Message> batch;
        synchronized (this) {
            batch = arrivedBatch;
            arrivedBatch = null;
        }
        if (batch == null) {
            return;
        }
        fetching = false;
        for (Message m : batch) {
            if (filter == null || filter.test(m)) {
                pending.add(m);
            } else {
                m.release();
            }
        }
        onFlow();
    }

    private synchronized boolean isGone() {
        return gone;
    }

    @Override
    public void onDelivery(Delivery delivery) {
        delivery.settle();
    }

    @Override
    public void onGone(boolean closedByPeer) {
        List<Message> batch;
        synchronized (this) {
            if (gone) {
                return;
            }
            gone = true;
            batch = arrivedBatch;
            arrivedBatch = null;
        }
        if (batch != null) {
            batch.forEach(Message::release);
        }
        pending.forEach(Message::release);
        pending.clear();
    }
}
