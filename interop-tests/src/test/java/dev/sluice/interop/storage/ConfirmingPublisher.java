package dev.sluice.interop.storage;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One publisher of the crash test: its own connection and confirm channel, publishing persistent
 * messages to one queue as fast as a window of unconfirmed messages allows, until it is closed or
 * the broker dies. Each message's id goes into the {@link CrashLedger} before it is handed to the
 * client library; each confirm is recorded as it arrives (asynchronously, by the confirm listener).
 *
 * <p>Threading: its own thread publishes; the client's connection thread records confirms;
 * {@link #close()} from the test thread.
 */
final class ConfirmingPublisher implements AutoCloseable {
    private static final int WINDOW = 64;
    private static final int MAX_BODY_BYTES = 2_000;

    private final int id;
    private final String queue;
    private final CrashLedger ledger;
    private final Connection connection;
    private final Channel channel;
    private final Random bodies;
    /** Publish sequence number on this channel → the message's id, until confirmed. */
    private final ConcurrentSkipListMap<Long, MessageId> unconfirmed = new ConcurrentSkipListMap<>();
    private final Semaphore window = new Semaphore(WINDOW);
    private final Thread thread;
    private volatile boolean closing;

    private ConfirmingPublisher(int id, String queue, CrashLedger ledger, Connection connection, long seed)
            throws IOException {
        this.id = id;
        this.queue = queue;
        this.ledger = ledger;
        this.connection = connection;
        this.bodies = new Random(seed);
        this.channel = connection.createChannel();
        channel.confirmSelect();
        channel.addConfirmListener(new Confirms());
        this.thread = new Thread(this::publishUntilClosed, "crash-publisher-" + id);
        this.thread.setDaemon(true);
    }

    /** Connects and starts publishing. */
    static ConfirmingPublisher start(ConnectionFactory factory, int id, String queue, CrashLedger ledger, long seed)
            throws IOException, TimeoutException {
        Connection connection = factory.newConnection("crash-publisher-" + id);
        ConfirmingPublisher publisher = new ConfirmingPublisher(id, queue, ledger, connection, seed);
        publisher.thread.start();
        return publisher;
    }

    private void publishUntilClosed() {
        try {
            while (!closing && channel.isOpen()) {
                if (!window.tryAcquire(20, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                MessageId next = ledger.next(id);
                unconfirmed.put(channel.getNextPublishSeqNo(), next);
                channel.basicPublish("", queue, next.properties(), new byte[1 + bodies.nextInt(MAX_BODY_BYTES)]);
            }
        } catch (IOException | AlreadyClosedException e) {
            // The broker was killed: what was not confirmed may or may not have been stored.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops publishing and drops the connection (it is usually dead already); waits for the thread. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        connection.abort(1_000);
        thread.join(TimeUnit.SECONDS.toMillis(10));
        if (thread.isAlive()) {
            throw new AssertionError("publisher " + id + " did not stop");
        }
    }

    /**
     * Records confirms in the ledger and frees the window.
     *
     * <p>Threading: the client's connection thread.
     */
    private final class Confirms implements ConfirmListener {
        @Override
        public void handleAck(long deliveryTag, boolean multiple) {
            settle(deliveryTag, multiple, true);
        }

        @Override
        public void handleNack(long deliveryTag, boolean multiple) {
            settle(deliveryTag, multiple, false);
        }

        private void settle(long deliveryTag, boolean multiple, boolean ack) {
            NavigableMap<Long, MessageId> settled = multiple
                    ? unconfirmed.headMap(deliveryTag, true)
                    : unconfirmed.subMap(deliveryTag, true, deliveryTag, true);
            int count = 0;
            for (Map.Entry<Long, MessageId> e; (e = settled.pollFirstEntry()) != null; count++) {
                if (ack) {
                    ledger.confirmed(e.getValue());
                } else {
                    ledger.nacked(e.getValue());
                }
            }
            window.release(count);
        }
    }
}
