package dev.sluice.interop.storage;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The crash test's consumer: consumes the queue with manual acks, acking every {@link #ACK_BATCH}
 * deliveries with one {@code multiple} ack, so that a kill usually leaves some deliveries unacked.
 *
 * <p>AMQP 0-9-1 does not confirm acks, so to learn that an ack's removal is on disk the consumer
 * publishes a persistent "marker" message with publisher confirms, on a second channel of the same
 * connection, right after each ack. Why a marker's confirm proves the ack committed:
 * <ol>
 * <li>the client writes the ack and then the marker to the one socket, in that order;</li>
 * <li>the broker handles a connection's frames in order on one event loop; the ack removes the
 *     entry from the queue and records the removal in the store's pending group at once, before
 *     the marker is even read;</li>
 * <li>the marker's confirm waits for the marker's own entry (nobody consumes the marker queue and
 *     it has no length limit, so the marker is never let go of before its write and its confirm
 *     never goes out early); that
 *     entry is recorded after the removal, in the same group or a later one, and the storage
 *     writer commits groups one after another and runs a group's actions only after its commit
 *     (docs/storage.md, "Writing: one writer, group commits"), so by the time the confirm is sent
 *     the removal's group, or an earlier one, has been committed.</li>
 * </ol>
 * Acks whose marker was not confirmed before the kill may or may not come back, and the ledger
 * allows both.
 *
 * <p>Threading: the client's consumer thread handles deliveries, acks and publishes markers; the
 * connection thread records marker confirms; {@link #close()} from the test thread.
 */
final class AckingConsumer implements AutoCloseable {
    static final int ACK_BATCH = 16;
    private static final int PREFETCH = 200;

    private final CrashLedger ledger;
    private final String markerQueue;
    private final Connection connection;
    private final Channel consuming;
    private final Channel markers;
    /** Marker publish sequence number → the deliveries acked just before it. */
    private final ConcurrentSkipListMap<Long, List<MessageId>> markerCovers = new ConcurrentSkipListMap<>();
    private final AtomicLong committedBatches = new AtomicLong();
    /** Consumer thread only: delivered, not yet acked. */
    private final List<MessageId> unacked = new ArrayList<>();

    private AckingConsumer(CrashLedger ledger, String markerQueue, Connection connection) throws IOException {
        this.ledger = ledger;
        this.markerQueue = markerQueue;
        this.connection = connection;
        this.consuming = connection.createChannel();
        this.markers = connection.createChannel();
        markers.confirmSelect();
        markers.addConfirmListener(new MarkerConfirms());
        consuming.basicQos(PREFETCH);
    }

    /** Connects and starts consuming {@code queue}. */
    static AckingConsumer start(ConnectionFactory factory, String queue, String markerQueue, CrashLedger ledger)
            throws IOException, TimeoutException {
        AckingConsumer consumer = new AckingConsumer(ledger, markerQueue, factory.newConnection("crash-consumer"));
        ledger.consumerStarted();
        consumer.consuming.basicConsume(queue, false, consumer.new Deliveries());
        return consumer;
    }

    /** Ack batches whose marker has been confirmed. */
    long committedBatches() {
        return committedBatches.get();
    }

    @Override
    public void close() {
        connection.abort(1_000);
    }

    /**
     * Checks each delivery in the ledger, acks in batches and publishes a marker after each ack.
     *
     * <p>Threading: the client's consumer thread for this channel.
     */
    private final class Deliveries extends DefaultConsumer {
        Deliveries() {
            super(consuming);
        }

        @Override
        public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
                                   byte[] body) {
            MessageId id = MessageId.of(properties);
            ledger.delivered(id);
            unacked.add(id);
            if (unacked.size() < ACK_BATCH) {
                return;
            }
            List<MessageId> batch = List.copyOf(unacked);
            unacked.clear();
            ledger.acked(batch);
            try {
                consuming.basicAck(envelope.getDeliveryTag(), true);
                markerCovers.put(markers.getNextPublishSeqNo(), batch);
                markers.basicPublish("", markerQueue, MessageProperties.PERSISTENT_BASIC, new byte[0]);
            } catch (IOException | AlreadyClosedException e) {
                // The broker was killed; the ledger treats these acks as possibly applied.
            }
        }
    }

    /**
     * A confirmed marker proves the acks sent before it are committed.
     *
     * <p>Threading: the client's connection thread.
     */
    private final class MarkerConfirms implements ConfirmListener {
        @Override
        public void handleAck(long deliveryTag, boolean multiple) {
            NavigableMap<Long, List<MessageId>> proven = multiple
                    ? markerCovers.headMap(deliveryTag, true)
                    : markerCovers.subMap(deliveryTag, true, deliveryTag, true);
            for (Map.Entry<Long, List<MessageId>> e; (e = proven.pollFirstEntry()) != null; ) {
                ledger.ackCommitted(e.getValue());
                committedBatches.incrementAndGet();
            }
        }

        @Override
        public void handleNack(long deliveryTag, boolean multiple) {
            ledger.violation("the broker nacked marker " + deliveryTag);
        }
    }
}
