package dev.sluice.bench;

import dev.sluice.core.Broker;
import dev.sluice.core.BrokerSettings;
import dev.sluice.core.Owner;
import dev.sluice.core.VirtualHost;
import dev.sluice.core.message.Message;
import dev.sluice.core.queue.ConsumerSpec;
import dev.sluice.core.queue.DeliverySink;
import dev.sluice.core.queue.Queue;
import dev.sluice.core.queue.QueueDefinition;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Map;

/**
 * A broker with its default virtual host, and one message body that every benchmark message
 * shares: each message gets a {@code retainedDuplicate()} of it, which the broker releases when
 * it is done, so after {@link #close()} the body must be back at one reference. A count other
 * than one means the core leaked (or over-released) a message, and {@code close} fails the run.
 *
 * <p>Threading: not thread-safe; owned by one {@code Scope.Thread} benchmark state, made in its
 * setup and closed in its teardown.
 */
final class CoreFixture implements AutoCloseable {
    /** Body size in bytes; the core never copies a body, so the size hardly matters here. */
    static final int BODY_SIZE = 16;

    final Broker broker = new Broker(BrokerSettings.defaults());
    final VirtualHost vhost = broker.defaultVirtualHost();
    final Owner owner = new Owner("bench");
    /** Made with {@code wrappedBuffer}, which Netty's sampling leak detector never wraps. */
    private final ByteBuf body = Unpooled.wrappedBuffer(new byte[BODY_SIZE]);

    /** Declares a transient queue without arguments. */
    Queue queue(String name) {
        return vhost.declareQueue(QueueDefinition.transientQueue(name, Map.of()), owner, false);
    }

    /** Declares a transient queue and subscribes one consumer to it. */
    Queue consumedQueue(String name, ConsumerSpec spec, DeliverySink sink) {
        Queue queue = queue(name);
        queue.subscribe(spec, sink);
        return queue;
    }

    /** Declares a transient queue with one auto-ack consumer (tagged with the queue's name). */
    Queue autoAckQueue(String name, DeliverySink sink) {
        return consumedQueue(name, ConsumerSpec.of(name, owner).withAutoAck(true), sink);
    }

    /** A new message holding one reference to the shared body; publishing hands it over. */
    Message message(String exchange, String routingKey) {
        return Message.builder()
                .exchange(exchange)
                .routingKey(routingKey)
                .body(body.retainedDuplicate())
                .build();
    }

    /** Closes the broker, then checks that every message reference was given back. */
    @Override
    public void close() {
        broker.close();
        int references = body.refCnt();
        body.release();
        if (references != 1) {
            throw new IllegalStateException("message body leaked: " + references
                    + " references after the broker closed, expected 1");
        }
    }
}
