package dev.sluice.amqp091;

import dev.sluice.amqp091.codec.ReplyCodes;
import dev.sluice.amqp091.codec.ChannelClose;
import dev.sluice.amqp091.codec.ChannelCloseOk;
import dev.sluice.amqp091.codec.ChannelOpen;
import dev.sluice.amqp091.codec.ChannelOpenOk;
import dev.sluice.amqp091.codec.ConnectionClose;
import dev.sluice.amqp091.codec.ConnectionCloseOk;
import dev.sluice.amqp091.codec.ConnectionOpen;
import dev.sluice.amqp091.codec.ConnectionOpenOk;
import dev.sluice.amqp091.codec.ConnectionStart;
import dev.sluice.amqp091.codec.ConnectionStartOk;
import dev.sluice.amqp091.codec.ConnectionTune;
import dev.sluice.amqp091.codec.ConnectionTuneOk;
import dev.sluice.amqp091.codec.ConnectionUpdateSecret;
import dev.sluice.amqp091.codec.ConnectionUpdateSecretOk;
import dev.sluice.amqp091.codec.ContentBodyFrame;
import dev.sluice.amqp091.codec.ContentHeaderFrame;
import dev.sluice.amqp091.codec.FrameDecoder;
import dev.sluice.amqp091.codec.FrameError;
import dev.sluice.amqp091.codec.HeartbeatFrame;
import dev.sluice.amqp091.codec.Method;
import dev.sluice.amqp091.codec.MethodFrame;
import dev.sluice.core.Broker;
import dev.sluice.core.BrokerException;
import dev.sluice.core.ClientConnections;
import dev.sluice.core.ConnectionInfo;
import dev.sluice.core.Owner;
import dev.sluice.core.VirtualHost;
import dev.sluice.security.AccessControl;
import dev.sluice.core.alarm.Resource;
import dev.sluice.core.queue.Queue;
import dev.sluice.security.AuthenticationException;
import dev.sluice.security.User;
import dev.sluice.security.UserRegistry;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One AMQP 0-9-1 connection: the handshake (start, tune, open), channel multiplexing, heartbeats,
 * errors (a soft error closes its channel, a hard one the connection, each with RabbitMQ's reply
 * code and text), blocking while a resource alarm is on ({@link ConnectionBlocking}), and
 * shutdown. Everything a channel does goes through {@link Amqp091Channel}.
 *
 * <p>Flow: a connection that only publishes stops reading from its socket while a queue its
 * messages went to is congested ({@link Queue#congested()}), and reads on once every such queue
 * has caught up; TCP then holds the publisher back. A connection with consumers is never paused,
 * since it must go on reading the acks that let its queues catch up.
 *
 * <p>Heartbeats: a missing client heartbeat is noticed by an {@link IdleStateHandler} watching
 * reads only (not while reading is paused for flow); the broker's own heartbeats come from a
 * timer that sends one when nothing else was written in the last quarter interval, which costs
 * nothing per write.
 *
 * <p>Threading: a Netty handler confined to its connection's event loop; other threads reach it
 * only through {@link #runOnLoop}, {@link #alarmsChanged} and the {@link DeliveryOutbox}.
 */
public final class Amqp091Connection extends ChannelInboundHandlerAdapter implements ClientConnections.Client {
    private static final System.Logger LOG = System.getLogger(Amqp091Connection.class.getName());
    private static final long CLOSE_OK_WAIT_SECONDS = 3;
    private static final long HANDSHAKE_SECONDS = 10;
    private static final long DESCRIBE_WAIT_SECONDS = 2;

    private enum State { AWAIT_START_OK, AWAIT_TUNE_OK, AWAIT_OPEN, OPEN, CLOSING, CLOSED }

    private final Broker broker;
    private final UserRegistry users;
    private final AccessControl access;
    private final DirectReplyTo directReplyTo;
    private final PublisherBlocking publisherBlocking;
    private final Amqp091Settings settings;
    private final FrameDecoder decoder;
    private final IntObjectHashMap<Amqp091Channel> channels = new IntObjectHashMap<>();
    /** Channels we closed with channel.close, waiting for close-ok; frames for them are dropped. */
    private final IntObjectHashMap<Boolean> closingChannels = new IntObjectHashMap<>();

    private ChannelHandlerContext ctx;
    private Outbound out;
    private DeliveryOutbox outbox;
    private ConnectionBlocking blocking;
    private State state = State.AWAIT_START_OK;
    private int channelMax;
    private User user;
    private VirtualHost vhost;
    private Owner owner;
    private boolean cancelNotify;
    private long connectedAt;
    private long readerIdleNanos;
    /** Congested queues this connection waits for, its reading paused meanwhile. */
    private final Set<Queue> waitingFor = Collections.newSetFromMap(new IdentityHashMap<>());
    private ScheduledFuture<?> heartbeatTimer;
    private long heartbeatNanos;
    /** When reading last resumed after a pause for flow (System.nanoTime). */
    private long readsResumedAt;

    Amqp091Connection(Broker broker, UserRegistry users, AccessControl access, DirectReplyTo directReplyTo,
                      PublisherBlocking publisherBlocking, Amqp091Settings settings, FrameDecoder decoder) {
        this.broker = broker;
        this.users = users;
        this.access = access;
        this.directReplyTo = directReplyTo;
        this.publisherBlocking = publisherBlocking;
        this.settings = settings;
        this.decoder = decoder;
    }

    Amqp091Settings settings() {
        return settings;
    }

    VirtualHost vhost() {
        return vhost;
    }

    Owner owner() {
        return owner;
    }

    User user() {
        return user;
    }

    /** The permission checks every channel method goes through. */
    AccessControl access() {
        return access;
    }

    Outbound out() {
        return out;
    }

    DeliveryOutbox outbox() {
        return outbox;
    }

    DirectReplyTo directReplyTo() {
        return directReplyTo;
    }

    boolean supportsCancelNotify() {
        return cancelNotify;
    }

    /** Runs {@code task} on this connection's event loop (now, when already there). */
    void runOnLoop(Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
        } else {
            ctx.executor().execute(task);
        }
    }

    boolean inEventLoop() {
        return ctx.executor().inEventLoop();
    }

    /** Any thread: may more be written to the socket now, or has Netty's write buffer filled up? */
    boolean isWritable() {
        return ctx.channel().isWritable();
    }

    /**
     * A message from this connection went to congested queues: unless this connection also
     * consumes, stop reading until each of them has caught up.
     */
    void holdBackFor(List<Queue> congested) {
        if (hasConsumers()) {
            return;
        }
        for (Queue q : congested) {
            if (waitingFor.add(q)) {
                q.whenUncongested(() -> {
                    try {
                        runOnLoop(() -> caughtUp(q));
                    } catch (RejectedExecutionException e) {
                        // the event loop has stopped: the connection is gone, nothing to resume
                    }
                });
            }
        }
        if (!waitingFor.isEmpty() && ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void caughtUp(Queue q) {
        if (waitingFor.remove(q) && waitingFor.isEmpty()) {
            readsResumedAt = System.nanoTime();
            ctx.channel().config().setAutoRead(true);
        }
    }

    private boolean hasConsumers() {
        for (Amqp091Channel ch : channels.values()) {
            if (!ch.consumers().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        this.out = new Outbound(context);
        this.outbox = new DeliveryOutbox(context.channel().eventLoop(), settings.outboxHighWaterBytes(),
                this::afterOutboxDrain);
        this.blocking = new ConnectionBlocking(context.channel(), out);
        publisherBlocking.register(this);
        out.method(0, new ConnectionStart(0, 9, ServerProperties.of(settings.productVersion()),
                "PLAIN AMQPLAIN", "en_US"));
        out.flush();
        context.executor().schedule(() -> {
            if (state.ordinal() < State.OPEN.ordinal()) {
                LOG.log(System.Logger.Level.INFO, "closing {0}: handshake not completed in {1} s",
                        context.channel().remoteAddress(), HANDSHAKE_SECONDS);
                context.close();
            }
        }, HANDSHAKE_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (state == State.CLOSED) {
            ReferenceCountUtil.release(msg);
            return;
        }
        int channelNumber = channelOf(msg);
        try {
            if (state == State.CLOSING) {
                whileClosing(msg);
            } else {
                handle(msg);
            }
        } catch (AmqpError e) {
            fail(channelNumber, e);
        } catch (BrokerException e) {
            fail(channelNumber, AmqpError.from(e, 0, 0));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "internal error on connection " + context.channel().remoteAddress(), e);
            closeConnection(new AmqpError(ReplyCodes.INTERNAL_ERROR, "internal error: " + e));
        }
    }

    private static int channelOf(Object msg) {
        if (msg instanceof MethodFrame f) {
            return f.channel();
        }
        if (msg instanceof ContentHeaderFrame f) {
            return f.channel();
        }
        if (msg instanceof ContentBodyFrame f) {
            return f.channel();
        }
        return 0;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        for (Amqp091Channel ch : channels.values()) {
            ch.flushConfirms();
        }
        out.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (context.channel().isWritable()) {
            resumeAllConsumers();
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        publisherBlocking.unregister(this);
        shutdown();
        if (heartbeatTimer != null) {
            heartbeatTimer.cancel(false);
        }
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, "connection " + context.channel().remoteAddress() + " failed", cause);
        context.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object evt) {
        if (evt instanceof IdleStateEvent idle) {
            // nothing is read while reading is paused for flow or for an alarm (or was, until just
            // now): that is no missed heartbeat
            boolean pausedLately = !waitingFor.isEmpty() || System.nanoTime() - readsResumedAt < 2 * heartbeatNanos
                    || blocking.excusesReaderIdle(readerIdleNanos);
            if (idle.state() == IdleState.READER_IDLE && !pausedLately) {
                LOG.log(System.Logger.Level.INFO, "closing {0}: missed heartbeats from client",
                        context.channel().remoteAddress());
                context.close();
            }
            return;
        }
        context.fireUserEventTriggered(evt);
    }

    /** Every quarter heartbeat interval: a heartbeat when nothing was written since the last tick. */
    private void heartbeatTick() {
        if (!out.takeWritten() && ctx.channel().isActive() && state != State.CLOSED) {
            out.heartbeat();
        }
    }

    private void afterOutboxDrain() {
        out.flush();
        if (outbox.resetHighWater()) {
            resumeAllConsumers();
        }
    }

    private void resumeAllConsumers() {
        for (Amqp091Channel ch : List.copyOf(channels.values())) {
            ch.resumeConsumers();
        }
    }

    /** Any thread: the broker's resource alarms changed; see {@link ConnectionBlocking}. */
    void alarmsChanged(Set<Resource> active) {
        runOnLoop(() -> {
            if (state == State.OPEN) {
                blocking.alarmsChanged(active);
            }
        });
    }

    /** A channel received a whole message and published it: while an alarm is on, stop reading. */
    void afterPublish() {
        blocking.onPublish(publisherBlocking.activeAlarms());
    }

    // ---------------------------------------------------------------- frames

    private void handle(Object msg) {
        if (msg instanceof MethodFrame f) {
            if (f.channel() == 0) {
                onConnectionMethod(f.method());
            } else {
                onChannelMethod(f.channel(), f.method());
            }
        } else if (msg instanceof ContentHeaderFrame f) {
            Amqp091Channel ch = contentChannel(f.channel(), msg);
            if (ch != null) {
                ch.onContentHeader(f.header(), ctx.alloc());
            }
        } else if (msg instanceof ContentBodyFrame f) {
            Amqp091Channel ch = contentChannel(f.channel(), msg);
            if (ch != null) {
                ch.onContentBody(f.body(), ctx.alloc());
            }
        } else if (msg instanceof HeartbeatFrame f) {
            if (f.channel() != 0) {
                throw new AmqpError(ReplyCodes.FRAME_ERROR, "heartbeat frame on channel " + f.channel());
            }
        } else if (msg instanceof FrameError e) {
            throw new AmqpError(e.replyCode(), e.text());
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /** The open channel a content frame belongs to; null (frame dropped) for a closing channel. */
    private Amqp091Channel contentChannel(int number, Object frame) {
        Amqp091Channel ch = channels.get(number);
        if (ch == null || closingChannels.containsKey(number)) {
            ReferenceCountUtil.release(frame);
            if (ch == null && !closingChannels.containsKey(number)) {
                throw new AmqpError(ReplyCodes.CHANNEL_ERROR, "expected 'channel.open' for channel " + number);
            }
            return null;
        }
        return ch;
    }

    private void onConnectionMethod(Method m) {
        switch (state) {
            case AWAIT_START_OK -> startOk(expect(m, ConnectionStartOk.class));
            case AWAIT_TUNE_OK -> tuneOk(expect(m, ConnectionTuneOk.class));
            case AWAIT_OPEN -> open(expect(m, ConnectionOpen.class));
            default -> whileOpen(m);
        }
    }

    private static <T extends Method> T expect(Method m, Class<T> type) {
        if (!type.isInstance(m)) {
            throw new AmqpError(ReplyCodes.COMMAND_INVALID, "expected " + type.getSimpleName()
                    + " during the handshake, got " + m.name(), m.classId(), m.methodId());
        }
        return type.cast(m);
    }

    private void whileOpen(Method m) {
        if (m instanceof ConnectionClose) {
            shutdown();
            out.method(0, new ConnectionCloseOk());
            ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            state = State.CLOSED;
        } else if (m instanceof ConnectionUpdateSecret) {
            out.method(0, new ConnectionUpdateSecretOk());
        } else if (!(m instanceof ConnectionCloseOk)) {
            throw new AmqpError(ReplyCodes.COMMAND_INVALID, "method " + m.name() + " is not allowed on channel 0",
                    m.classId(), m.methodId());
        }
    }

    private void startOk(ConnectionStartOk ok) {
        Map<String, Object> clientProperties = ok.clientProperties();
        if (clientProperties.get("capabilities") instanceof Map<?, ?> caps) {
            cancelNotify = Boolean.TRUE.equals(caps.get("consumer_cancel_notify"));
            blocking.notifyClient(Boolean.TRUE.equals(caps.get("connection.blocked")));
        }
        String mechanism = ok.mechanism();
        if (!mechanism.equals("PLAIN") && !mechanism.equals("AMQPLAIN")) {
            throw new AmqpError(ReplyCodes.ACCESS_REFUSED, "unsupported authentication mechanism '" + mechanism
                    + "' (offered: PLAIN, AMQPLAIN)", 10, 11);
        }
        SaslCredentials credentials = SaslCredentials.parse(mechanism, ok.response());
        if (credentials == null) {
            throw new AmqpError(ReplyCodes.ACCESS_REFUSED, "malformed " + mechanism + " response", 10, 11);
        }
        try {
            user = users.authenticate(mechanism, credentials.user(), credentials.password(),
                    ctx.channel().remoteAddress());
        } catch (AuthenticationException e) {
            LOG.log(System.Logger.Level.WARNING, "login refused from {0}: {1}", ctx.channel().remoteAddress(),
                    e.getMessage());
            out.method(0, new ConnectionClose(ReplyCodes.ACCESS_REFUSED, e.clientText(), 10, 11));
            ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            state = State.CLOSED;
            return;
        }
        out.method(0, new ConnectionTune(settings.channelMax(), settings.frameMax(), settings.heartbeatSeconds()));
        state = State.AWAIT_TUNE_OK;
    }

    private void tuneOk(ConnectionTuneOk ok) {
        int frameMax = negotiate("frame_max", ok.frameMax(), settings.frameMax(), Amqp091Settings.FRAME_MIN_SIZE);
        channelMax = negotiate("channel_max", ok.channelMax(), settings.channelMax(), 1);
        decoder.setMaxFrameSize(frameMax);
        out.setFrameMax(frameMax);
        int heartbeat = ok.heartbeat();
        if (heartbeat > 0) {
            readerIdleNanos = TimeUnit.SECONDS.toNanos(heartbeat * 2L);
            heartbeatNanos = TimeUnit.SECONDS.toNanos(heartbeat);
            readsResumedAt = System.nanoTime() - 2 * heartbeatNanos;
            // reads only: an IdleStateHandler watching writes would add a listener to every write
            ctx.pipeline().addBefore(ctx.name(), "amqp091-heartbeat",
                    new IdleStateHandler(heartbeat * 2L, 0, 0, TimeUnit.SECONDS));
            // a tick every quarter interval: at most half an interval passes without anything sent
            long quarter = heartbeat * 250L;
            heartbeatTimer = ctx.executor().scheduleAtFixedRate(this::heartbeatTick, quarter, quarter,
                    TimeUnit.MILLISECONDS);
        }
        state = State.AWAIT_OPEN;
    }

    /** RabbitMQ's rule: 0 means "the server's value"; below the minimum or above ours is refused. */
    private static int negotiate(String field, int client, int server, int min) {
        if (client == 0) {
            return server;
        }
        if (client < min || client > server) {
            throw new AmqpError(ReplyCodes.NOT_ALLOWED, "failed to negotiate connection parameters: negotiated "
                    + field + " = " + client + " is outside the allowed range " + min + ".." + server, 10, 31);
        }
        return client;
    }

    private void open(ConnectionOpen open) {
        try {
            vhost = broker.virtualHost(open.virtualHost());
        } catch (BrokerException e) {
            throw new AmqpError(ReplyCodes.NOT_ALLOWED, "vhost '" + open.virtualHost() + "' not found", 10, 40);
        }
        if (!access.mayOpen(user.name(), vhost.name())) {
            vhost = null;
            throw new AmqpError(ReplyCodes.NOT_ALLOWED, "access to vhost '" + open.virtualHost() + "' refused for user '"
                    + user.name() + "'", 10, 40);
        }
        owner = new Owner(user.name() + "@" + ctx.channel().remoteAddress());
        out.method(0, new ConnectionOpenOk());
        state = State.OPEN;
        connectedAt = System.currentTimeMillis();
        broker.connections().register(this);
    }

    private void onChannelMethod(int number, Method m) {
        if (state != State.OPEN) {
            throw new AmqpError(ReplyCodes.COMMAND_INVALID, "method " + m.name() + " received before connection.open",
                    m.classId(), m.methodId());
        }
        if (closingChannels.containsKey(number)) {
            if (m instanceof ChannelCloseOk) {
                closingChannels.remove(number);
                channels.remove(number);
            } else if (m instanceof ChannelClose) {
                closingChannels.remove(number);
                channels.remove(number);
                out.method(number, new ChannelCloseOk());
            }
            return;
        }
        if (number > channelMax) {
            throw new AmqpError(ReplyCodes.CHANNEL_ERROR, "channel number " + number
                    + " exceeds the negotiated channel_max " + channelMax, m.classId(), m.methodId());
        }
        Amqp091Channel ch = channels.get(number);
        if (m instanceof ChannelOpen) {
            if (ch != null) {
                throw new AmqpError(ReplyCodes.CHANNEL_ERROR, "second 'channel.open' seen on channel " + number,
                        m.classId(), m.methodId());
            }
            channels.put(number, new Amqp091Channel(number, this));
            out.method(number, new ChannelOpenOk());
            return;
        }
        if (ch == null) {
            throw new AmqpError(ReplyCodes.CHANNEL_ERROR, "expected 'channel.open' for channel " + number
                    + ", got " + m.name(), m.classId(), m.methodId());
        }
        if (m instanceof ChannelClose) {
            ch.shutdown();
            channels.remove(number);
            out.method(number, new ChannelCloseOk());
        } else if (m instanceof ChannelCloseOk) {
            return;
        } else if (m.classId() == 10) {
            throw new AmqpError(ReplyCodes.COMMAND_INVALID, "connection method " + m.name() + " on channel " + number,
                    m.classId(), m.methodId());
        } else {
            ch.onMethod(m);
        }
    }

    // ---------------------------------------------------------------- errors and shutdown

    private void fail(int channelNumber, AmqpError e) {
        if (e.isHard() || channelNumber == 0 || !channels.containsKey(channelNumber)) {
            closeConnection(e);
        } else {
            closeChannel(channelNumber, e);
        }
    }

    private void closeChannel(int number, AmqpError e) {
        Amqp091Channel ch = channels.get(number);
        ch.shutdown();
        closingChannels.put(number, Boolean.TRUE);
        out.method(number, new ChannelClose(e.replyCode(), e.replyText(), e.classId(), e.methodId()));
        out.flush();
    }

    private void closeConnection(AmqpError e) {
        if (state == State.CLOSING || state == State.CLOSED) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "closing connection {0}: {1}", ctx.channel().remoteAddress(), e.replyText());
        shutdown();
        state = State.CLOSING;
        out.method(0, new ConnectionClose(e.replyCode(), e.replyText(), e.classId(), e.methodId()));
        out.flush();
        ctx.executor().schedule(() -> {
            ctx.close();
        }, CLOSE_OK_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private void whileClosing(Object msg) {
        try {
            if (msg instanceof MethodFrame f && f.channel() == 0) {
                if (f.method() instanceof ConnectionClose) {
                    out.method(0, new ConnectionCloseOk());
                    ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                    state = State.CLOSED;
                } else if (f.method() instanceof ConnectionCloseOk) {
                    ctx.close();
                    state = State.CLOSED;
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Any thread but an event loop: a snapshot taken on this connection's loop. */
    @Override
    public ConnectionInfo describe() {
        try {
            return ctx.executor().submit(this::snapshot).get(DESCRIBE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                 | java.util.concurrent.RejectedExecutionException e) {
            return null;
        }
    }

    private ConnectionInfo snapshot() {
        if (state != State.OPEN) {
            return null;
        }
        java.net.InetSocketAddress peer = (java.net.InetSocketAddress) ctx.channel().remoteAddress();
        java.net.InetSocketAddress local = (java.net.InetSocketAddress) ctx.channel().localAddress();
        List<ConnectionInfo.ChannelInfo> channelInfos = new java.util.ArrayList<>();
        for (Amqp091Channel ch : channels.values()) {
            if (!closingChannels.containsKey(ch.number())) {
                channelInfos.add(ch.info());
            }
        }
        channelInfos.sort(java.util.Comparator.comparingInt(ConnectionInfo.ChannelInfo::number));
        String peerHost = peer.getAddress().getHostAddress();
        String host = local.getAddress().getHostAddress();
        return new ConnectionInfo(peerHost + ":" + peer.getPort() + " -> " + host + ":" + local.getPort(),
                "AMQP 0-9-1", user.name(), vhost.name(), peerHost, peer.getPort(), host, local.getPort(), connectedAt,
                channelInfos);
    }

    /** Closes every channel and gives up this connection's exclusive queues. Idempotent. */
    private void shutdown() {
        broker.connections().unregister(this);
        for (Amqp091Channel ch : List.copyOf(channels.values())) {
            ch.shutdown();
        }
        channels.clear();
        closingChannels.clear();
        if (vhost != null && owner != null) {
            vhost.ownerClosed(owner);
        }
    }
}
