package dev.sluice.interop.amqp091;

import static org.junit.jupiter.api.Assertions.assertNull;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A consumer that queues what it is given, so a test can wait for each delivery with a deadline.
 * It never acknowledges by itself.
 *
 * <p>Threading: the client's consumer thread adds; the test thread takes.
 */
final class Deliveries extends DefaultConsumer {
    private final BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    private final CountDownLatch cancelledByBroker = new CountDownLatch(1);
    private final CountDownLatch cancelOk = new CountDownLatch(1);
    private volatile String tag;

    Deliveries(Channel channel) {
        super(channel);
    }

    /** Starts this consumer with basic.consume and keeps the tag the broker answered with. */
    Deliveries consume(String queue, boolean autoAck, Map<String, Object> arguments) throws IOException {
        tag = getChannel().basicConsume(queue, autoAck, arguments, this);
        return this;
    }

    /**
     * The consumer tag from consume-ok, known as soon as {@link #consume} returns (unlike
     * {@link #getConsumerTag()}, which the client sets later on its consumer thread).
     */
    String tag() {
        return tag;
    }

    @Override
    public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        received.add(new Delivery(envelope, properties, body));
    }

    @Override
    public void handleCancel(String consumerTag) {
        cancelledByBroker.countDown();
    }

    @Override
    public void handleCancelOk(String consumerTag) {
        cancelOk.countDown();
    }

    /** The next delivery; fails when none comes within {@link Await#TIMEOUT}. */
    Delivery next() throws InterruptedException {
        Delivery delivery = received.poll(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (delivery == null) {
            throw new AssertionError("no delivery within " + Await.TIMEOUT);
        }
        return delivery;
    }

    /** The next {@code count} deliveries, each waited for as {@link #next()} does. */
    List<Delivery> next(int count) throws InterruptedException {
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            deliveries.add(next());
        }
        return deliveries;
    }

    /** The bodies of the next {@code count} deliveries, as text. */
    List<String> nextTexts(int count) throws InterruptedException {
        return next(count).stream().map(AmqpFixture::text).toList();
    }

    /** Fails when one more delivery arrives within {@link Await#QUIET_PERIOD}. */
    void assertNoMore() throws InterruptedException {
        Delivery extra = received.poll(Await.QUIET_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        assertNull(extra, () -> "unexpected delivery: " + AmqpFixture.text(extra));
    }

    /** Whether the broker sent basic.cancel for this consumer within {@link Await#TIMEOUT}. */
    boolean awaitCancelByBroker() throws InterruptedException {
        return cancelledByBroker.await(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the broker confirmed a client cancel within {@link Await#TIMEOUT}. */
    boolean awaitCancelOk() throws InterruptedException {
        return cancelOk.await(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
