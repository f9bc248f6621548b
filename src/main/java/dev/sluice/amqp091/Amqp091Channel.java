package dev.sluice.amqp091;

import dev.sluice.amqp091.codec.ReplyCodes;
import dev.sluice.amqp091.codec.BasicAck;
import dev.sluice.amqp091.codec.BasicCancel;
import dev.sluice.amqp091.codec.BasicConsume;
import dev.sluice.amqp091.codec.BasicGet;
import dev.sluice.amqp091.codec.BasicNack;
import dev.sluice.amqp091.codec.BasicPublish;
import dev.sluice.amqp091.codec.BasicQos;
import dev.sluice.amqp091.codec.BasicRecover;
import dev.sluice.amqp091.codec.BasicRecoverAsync;
import dev.sluice.amqp091.codec.BasicReject;
import dev.sluice.amqp091.codec.ChannelFlow;
import dev.sluice.amqp091.codec.ChannelFlowOk;
import dev.sluice.amqp091.codec.ConfirmSelect;
import dev.sluice.amqp091.codec.ContentHeader;
import dev.sluice.amqp091.codec.ExchangeBind;
import dev.sluice.amqp091.codec.ExchangeDeclare;
import dev.sluice.amqp091.codec.ExchangeDelete;
import dev.sluice.amqp091.codec.ExchangeUnbind;
import dev.sluice.amqp091.codec.Method;
import dev.sluice.amqp091.codec.QueueBind;
import dev.sluice.amqp091.codec.QueueDeclare;
import dev.sluice.amqp091.codec.QueueDelete;
import dev.sluice.amqp091.codec.QueuePurge;
import dev.sluice.amqp091.codec.QueueUnbind;
import dev.sluice.amqp091.codec.TxCommit;
import dev.sluice.amqp091.codec.TxRollback;
import dev.sluice.amqp091.codec.TxSelect;
import dev.sluice.core.BrokerException;
import dev.sluice.core.ConnectionInfo;
import dev.sluice.core.Owner;
import dev.sluice.core.VirtualHost;
import dev.sluice.security.AccessControl;
import dev.sluice.security.User;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One open AMQP 0-9-1 channel: its consumers, unacked deliveries, prefetch, confirm or
 * transaction mode, and the publish being assembled. Methods are dispatched to
 * {@link DefinitionMethods}, {@link PublishMethods} and {@link ConsumeMethods}.
 *
 * <p>Threading: event-loop confined, apart from {@link #canAcceptDeliveries} and
 * {@link #countInFlight}, which consumers call from dispatching threads.
 */
final class Amqp091Channel {
    private final int number;
    private final Amqp091Connection connection;
    private final UnackedDeliveries unacked = new UnackedDeliveries();
    private final Map<String, ChannelConsumer> consumers = new LinkedHashMap<>();
    private final ContentAssembler assembler;
    private final DefinitionMethods definitions;
    private final PublishMethods publishing;
    private final ConsumeMethods consuming;
    private final AtomicInteger inFlight = new AtomicInteger();

    private volatile boolean open = true;
    private volatile boolean flowActive = true;
    private volatile int globalPrefetch;
    private int consumerPrefetch;
    private long deliveryTags;
    private String lastQueue;

    Amqp091Channel(int number, Amqp091Connection connection) {
        this.number = number;
        this.connection = connection;
        this.assembler = new ContentAssembler(connection.settings().copyBelowBytes());
        this.definitions = new DefinitionMethods(this);
        this.publishing = new PublishMethods(this);
        this.consuming = new ConsumeMethods(this);
    }

    int number() {
        return number;
    }

    Amqp091Connection connection() {
        return connection;
    }

    VirtualHost vhost() {
        return connection.vhost();
    }

    Owner owner() {
        return connection.owner();
    }

    User user() {
        return connection.user();
    }

    /** The permission checks; see {@link AccessControl} for which operation needs what. */
    AccessControl access() {
        return connection.access();
    }

    /** The logged-in user's name, for permission checks. */
    String userName() {
        return connection.user().name();
    }

    Outbound out() {
        return connection.out();
    }

    DeliveryOutbox outbox() {
        return connection.outbox();
    }

    UnackedDeliveries unacked() {
        return unacked;
    }

    Map<String, ChannelConsumer> consumers() {
        return consumers;
    }

    boolean isOpen() {
        return open;
    }

    long nextDeliveryTag() {
        return ++deliveryTags;
    }

    int consumerPrefetch() {
        return consumerPrefetch;
    }

    /** The queue named, or the last one declared on this channel when the name is empty. */
    String queueName(String requested) {
        if (!requested.isEmpty()) {
            return requested;
        }
        if (lastQueue == null) {
            throw new AmqpError(ReplyCodes.NOT_FOUND, "no previously declared queue");
        }
        return lastQueue;
    }

    void rememberQueue(String name) {
        lastQueue = name;
    }

    /** Handles one method addressed to this channel. */
    void onMethod(Method m) {
        if (!assembler.idle()) {
            throw new AmqpError(ReplyCodes.UNEXPECTED_FRAME, "expected content header for class 60, got method "
                    + m.name(), m.classId(), m.methodId());
        }
        try {
            dispatch(m);
        } catch (BrokerException e) {
            throw AmqpError.from(e, m.classId(), m.methodId());
        } catch (AmqpError e) {
            throw e.during(m.classId(), m.methodId());
        }
    }

    private void dispatch(Method m) {
        if (m instanceof BasicPublish p) {
            publishing.start(p, assembler);
        } else if (m instanceof BasicAck a) {
            consuming.ack(a);
        } else if (m instanceof BasicNack n) {
            consuming.nack(n);
        } else if (m instanceof BasicReject r) {
            consuming.reject(r);
        } else if (m instanceof BasicConsume c) {
            consuming.consume(c);
        } else if (m instanceof BasicCancel c) {
            consuming.cancel(c);
        } else if (m instanceof BasicGet g) {
            consuming.get(g);
        } else if (m instanceof BasicQos q) {
            consuming.qos(q);
        } else if (m instanceof BasicRecover r) {
            consuming.recover(true);
        } else if (m instanceof BasicRecoverAsync r) {
            consuming.recover(false);
        } else if (m instanceof ExchangeDeclare d) {
            definitions.exchangeDeclare(d);
        } else if (m instanceof ExchangeDelete d) {
            definitions.exchangeDelete(d);
        } else if (m instanceof ExchangeBind b) {
            definitions.exchangeBind(b);
        } else if (m instanceof ExchangeUnbind u) {
            definitions.exchangeUnbind(u);
        } else if (m instanceof QueueDeclare d) {
            definitions.queueDeclare(d);
        } else if (m instanceof QueueBind b) {
            definitions.queueBind(b);
        } else if (m instanceof QueueUnbind u) {
            definitions.queueUnbind(u);
        } else if (m instanceof QueuePurge p) {
            definitions.queuePurge(p);
        } else if (m instanceof QueueDelete d) {
            definitions.queueDelete(d);
        } else if (m instanceof ConfirmSelect c) {
            publishing.confirmSelect(c);
        } else if (m instanceof TxSelect t) {
            publishing.txSelect();
        } else if (m instanceof TxCommit t) {
            publishing.txCommit();
        } else if (m instanceof TxRollback t) {
            publishing.txRollback();
        } else if (m instanceof ChannelFlow f) {
            flow(f.active());
        } else {
            throw new AmqpError(ReplyCodes.COMMAND_INVALID, "unexpected method " + m.name()
                    + " on channel " + number, m.classId(), m.methodId());
        }
    }

    /** A content header frame for this channel. */
    void onContentHeader(ContentHeader header, ByteBufAllocator alloc) {
        if (!assembler.expectingHeader()) {
            header.release();
            throw new AmqpError(ReplyCodes.UNEXPECTED_FRAME, "unexpected content header on channel " + number);
        }
        if (header.classId() != 60) {
            header.release();
            throw new AmqpError(ReplyCodes.UNEXPECTED_FRAME, "content header for class " + header.classId()
                    + ", expected class 60");
        }
        if (header.bodySize() > connection.settings().maxMessageBytes()) {
            header.release();
            assembler.discard();
            throw new AmqpError(ReplyCodes.PRECONDITION_FAILED, "message size " + header.bodySize()
                    + " is larger than configured max size " + connection.settings().maxMessageBytes(), 60, 40);
        }
        ContentAssembler.Assembled done = assembler.header(header, alloc);
        if (done != null) {
            completePublish(done);
        }
    }

    /** A content body frame for this channel; this channel takes over the buffer. */
    void onContentBody(ByteBuf body, ByteBufAllocator alloc) {
        if (!assembler.expectingBody()) {
            body.release();
            throw new AmqpError(ReplyCodes.UNEXPECTED_FRAME, "unexpected content body on channel " + number);
        }
        ContentAssembler.Assembled done = assembler.body(body, alloc);
        if (done != null) {
            completePublish(done);
        }
    }

    /** A whole message has arrived: publish it, then let the connection stop reading if an alarm is on. */
    private void completePublish(ContentAssembler.Assembled done) {
        publishing.complete(done);
        connection.afterPublish();
    }

    void setPrefetch(int count, boolean global) {
        if (global) {
            globalPrefetch = count;
            resumeConsumers();
        } else {
            consumerPrefetch = count;
        }
    }

    private void flow(boolean active) {
        flowActive = active;
        if (active) {
            resumeConsumers();
        }
        out().method(number, new ChannelFlowOk(active));
    }

    /**
     * Any thread: may another delivery go to this channel now? Not while the socket's write buffer
     * is full (the connection resumes consumers when it drains), so a slow reader leaves its
     * messages in the queue, where they count as the queue's backlog.
     */
    boolean canAcceptDeliveries() {
        int limit = globalPrefetch;
        return open && flowActive && outbox().hasRoom() && connection.isWritable()
                && (limit == 0 || inFlight.get() < limit);
    }

    /** Any thread: unacked deliveries counted against a channel-wide prefetch. */
    void countInFlight(int delta) {
        int now = inFlight.addAndGet(delta);
        int limit = globalPrefetch;
        if (delta < 0 && limit > 0 && now == limit - 1) {
            resumeConsumers();
        }
    }

    void resumeConsumers() {
        for (ChannelConsumer c : List.copyOf(consumers.values())) {
            if (c.subscription() != null) {
                c.subscription().resume();
            }
        }
    }

    /** Any thread: the broker cancelled a consumer (queue deleted). */
    void consumerCancelledByBroker(ChannelConsumer consumer) {
        connection.runOnLoop(() -> consuming.cancelledByBroker(consumer));
    }

    /** What the management API shows of this channel. */
    ConnectionInfo.ChannelInfo info() {
        List<ConnectionInfo.ConsumerInfo> list = new ArrayList<>();
        for (ChannelConsumer c : consumers.values()) {
            list.add(new ConnectionInfo.ConsumerInfo(c.tag(), c.queue() == null ? DirectReplyTo.PSEUDO_QUEUE
                    : c.queue().name(), c.ackRequired(), consumerPrefetch));
        }
        return new ConnectionInfo.ChannelInfo(number, consumerPrefetch, publishing.confirming(),
                transaction() != null, unacked.size(), list);
    }

    /** The open transaction, or null. */
    Transaction transaction() {
        return publishing.transaction();
    }

    /** This channel's direct reply-to address, or null. */
    String replyAddress() {
        return consuming.replyAddress();
    }

    /** Sends any pending publisher confirms. */
    void flushConfirms() {
        publishing.flushConfirms();
    }

    /**
     * Closes the channel's state: consumers cancelled, unacked deliveries returned to their queues
     * (marked redelivered), a half-received message and a pending transaction dropped.
     */
    void shutdown() {
        if (!open) {
            return;
        }
        open = false;
        assembler.discard();
        publishing.discardTransaction();
        for (ChannelConsumer c : new ArrayList<>(consumers.values())) {
            consuming.detach(c);
        }
        consumers.clear();
        outbox().drainNow();
        for (UnackedDeliveries.Unacked u : unacked.takeAll()) {
            u.queue().requeue(u.deliveryId(), false);
        }
    }
}
