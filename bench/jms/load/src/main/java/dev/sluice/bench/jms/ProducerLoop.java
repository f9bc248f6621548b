package dev.sluice.bench.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends as fast as {@code send} returns until the window ends: one new BytesMessage per send, whose
 * body starts with the send time ({@link System#nanoTime()}, 8 bytes big-endian) and is padded to
 * the body size.
 *
 * <p>Runs on its own thread, which alone uses the session. {@link #sent()} may be read at any time;
 * the other results only after that thread has ended.
 */
final class ProducerLoop implements Runnable {
    private final Session session;
    private final MessageProducer producer;
    private final Window window;
    private final byte[] body;
    private final AtomicLong sent = new AtomicLong();
    private long sentInWindow;
    private JMSException failure;

    ProducerLoop(Session session, MessageProducer producer, Window window, int bodySize) {
        this.session = session;
        this.producer = producer;
        this.window = window;
        this.body = new byte[bodySize];
        for (int i = 8; i < bodySize; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
    }

    @Override
    public void run() {
        ByteBuffer stamp = ByteBuffer.wrap(body);
        try {
            while (true) {
                long now = System.nanoTime();
                if (window.isOver(now)) {
                    return;
                }
                BytesMessage message = session.createBytesMessage();
                stamp.putLong(0, now);
                message.writeBytes(body);
                producer.send(message);
                long done = System.nanoTime();
                sent.incrementAndGet();
                if (window.measures(done)) {
                    sentInWindow++;
                }
            }
        } catch (JMSException e) {
            failure = e;
        }
    }

    /** Sends completed so far, warm-up included. */
    long sent() {
        return sent.get();
    }

    /** Sends that returned within the measured period. */
    long sentInWindow() {
        return sentInWindow;
    }

    /** Why the loop stopped early, or null. */
    JMSException failure() {
        return failure;
    }
}
