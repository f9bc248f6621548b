package dev.sluice.bench.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Receives until the window ends ({@code receive} with a short timeout, so an idle queue does not
 * keep it past the end). For each message received in the measured period it records the time from
 * the producer's stamp to its arrival here; producer and consumer are in this process, so both read
 * the same clock.
 *
 * <p>Runs on its own thread, which alone uses the consumer's session. {@link #received()} may be
 * read at any time; the other results only after that thread has ended.
 */
final class ConsumerLoop implements Runnable {
    private static final long RECEIVE_TIMEOUT_MILLIS = 100;

    private final MessageConsumer consumer;
    private final Window window;
    private final int bodySize;
    private final AtomicLong received = new AtomicLong();
    private final LatencyHistogram latencies = new LatencyHistogram();
    private long receivedInWindow;
    private Exception failure;

    ConsumerLoop(MessageConsumer consumer, Window window, int bodySize) {
        this.consumer = consumer;
        this.window = window;
        this.bodySize = bodySize;
    }

    @Override
    public void run() {
        try {
            while (true) {
                Message message = consumer.receive(RECEIVE_TIMEOUT_MILLIS);
                long now = System.nanoTime();
                if (message != null) {
                    long sentAt = sendTime(message);
                    received.incrementAndGet();
                    if (window.measures(now)) {
                        receivedInWindow++;
                        latencies.record((now - sentAt) / 1_000);
                    }
                }
                if (window.isOver(now)) {
                    return;
                }
            }
        } catch (JMSException | IllegalStateException e) {
            failure = e;
        }
    }

    private long sendTime(Message message) throws JMSException {
        if (!(message instanceof BytesMessage bytes)) {
            throw new IllegalStateException("expected a BytesMessage, got " + message.getClass().getName());
        }
        if (bytes.getBodyLength() != bodySize) {
            throw new IllegalStateException("expected a body of " + bodySize + " bytes, got " + bytes.getBodyLength());
        }
        return bytes.readLong();
    }

    /** Messages received so far, warm-up included. */
    long received() {
        return received.get();
    }

    long receivedInWindow() {
        return receivedInWindow;
    }

    LatencyHistogram latencies() {
        return latencies;
    }

    /** Why the loop stopped early, or null. */
    Exception failure() {
        return failure;
    }
}
