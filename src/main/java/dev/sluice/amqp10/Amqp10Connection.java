package dev.sluice.amqp10;

import dev.sluice.transport.DeliveryOutbox;
import dev.sluice.transport.EventLoopHandOff;
import dev.sluice.core.Broker;
import dev.sluice.core.BrokerException;
import dev.sluice.core.Owner;
import dev.sluice.core.RoutingResult;
import dev.sluice.core.VirtualHost;
import dev.sluice.core.alarm.AlarmListener;
import dev.sluice.core.alarm.Resource;
import dev.sluice.security.User;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ConnectionError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.engine.TransportException;

/**
 * One AMQP 1.0 connection: a proton-j engine (transport, connection, collector) driven from Netty.
 * Bytes read go into the transport's input buffer and are processed; the collector's events are
 * handled (open, begin, attach, flow, transfer, disposition, detach, end, close); whatever the
 * transport has to send is copied into a Netty buffer and written. Idle timeouts both ways are
 * proton-j's {@code tick}, scheduled on the event loop. Links are handled by
 * {@link PublishLink}, {@link ConsumeLink} and {@link CoordinatorLink}, which
 * {@link LinkAttacher} creates, after the user's permissions are checked ({@link LinkPermissions}).
 * While a resource alarm is on, publishing links get no more credit ({@link CreditHold}).
 *
 * <p>Threading: a Netty handler confined to its connection's event loop; proton-j is not
 * thread-safe and is only touched there. Other threads reach the connection through
 * {@link #runOnLoop}, {@link #alarmsChanged} and the {@link DeliveryOutbox}.
 */
public final class Amqp10Connection extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(Amqp10Connection.class.getName());
    private static final long HANDSHAKE_SECONDS = 10;
    static final Symbol SOLE_CONNECTION = Symbol.valueOf("sole-connection-for-container");
    private static final Symbol[] OFFERED = {
        Symbol.valueOf("ANONYMOUS-RELAY"), Symbol.valueOf("DELAYED_DELIVERY"), Symbol.valueOf("SHARED-SUBS"),
        SOLE_CONNECTION};
    /** Open properties telling the client a close follows at once (Qpid JMS then reports the close's error). */
    private static final Map<Symbol, Object> ESTABLISHMENT_FAILED =
            Map.of(Symbol.valueOf("amqp:connection-establishment-failed"), true);

    private final EndpointServices services;
    private final Amqp10Settings settings;
    private final AlarmListener alarmListener = this::alarmsChanged;
    private final Set<LinkHandler> links = new LinkedHashSet<>();
    private final Transactions transactions = new Transactions();
    /** Settlements waiting for a group commit reach the event loop a burst at a time (one pump). */
    private final EventLoopHandOff durableSettles = new EventLoopHandOff(this::runLater, () -> { });

    private ChannelHandlerContext ctx;
    private Transport transport;
    private Connection connection;
    private Collector collector;
    private SaslServer sasl;
    private DecoderImpl decoder;
    private OutboundMessages outbound;
    private DeliveryOutbox outbox;
    private LinkAttacher attacher;
    private CreditHold creditHold;
    private LinkPermissions permissions;
    private User user;
    private VirtualHost vhost;
    private Owner owner;
    private String claimedContainer;
    private ScheduledFuture<?> tickTimer;
    private long tickAt;
    private boolean opened;
    private boolean gone;
    /** True inside a read batch: writes are flushed once, at read-complete. */
    private boolean reading;
    private volatile boolean writable = true;
    private final String id = java.util.UUID.randomUUID().toString();
    private int noLocalConsumers;

    Amqp10Connection(EndpointServices services, Amqp10Settings settings) {
        this.services = services;
        this.settings = settings;
    }

    // ---------------------------------------------------------------- what links use

    Amqp10Settings settings() {
        return settings;
    }

    VirtualHost vhost() {
        return vhost;
    }

    /**
     * Runs {@code onLoop} on the event loop once everything the store holds now is durable;
     * the settlements of one group commit run together and are written with one pump.
     */
    void whenDurable(Runnable onLoop) {
        vhost.store().whenDurable(() -> durableSettles.execute(onLoop));
    }

    /**
     * Runs {@code onLoop} on the event loop once the published message of {@code result} can no
     * longer be lost ({@link VirtualHost#whenSafe}), batched with the other settlements as above.
     */
    void whenSafe(RoutingResult result, Runnable onLoop) {
        vhost.whenSafe(result, () -> durableSettles.execute(onLoop));
    }

    Owner owner() {
        return owner;
    }

    User user() {
        return user;
    }

    /** The user's permissions in the connection's virtual host (set at open). */
    LinkPermissions permissions() {
        return permissions;
    }

    /** Whether publishing links get credit now (no resource alarm is on). */
    CreditHold creditHold() {
        return creditHold;
    }

    String containerId() {
        String id = connection.getRemoteContainer();
        return id == null ? "" : id;
    }

    DecoderImpl decoder() {
        return decoder;
    }

    OutboundMessages outbound() {
        return outbound;
    }

    DeliveryOutbox outbox() {
        return outbox;
    }

    Transactions transactions() {
        return transactions;
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    /** True while the socket takes writes; read from queue threads. */
    boolean writable() {
        return writable;
    }

    /** Runs {@code task} on this connection's event loop, then writes what it produced. */
    void runOnLoop(Runnable task) {
        Runnable wrapped = whileOpen(task);
        if (ctx.executor().inEventLoop()) {
            wrapped.run();
        } else {
            ctx.executor().execute(wrapped);
        }
    }

    /**
     * Queues {@code task} (then a pump) for the event loop, also when called on it: it then runs
     * after the rest of the current read batch. Settlements of persistent messages come one at a
     * time when consumers ack them before their write (on whichever loop reads the ack), and a
     * pump per settlement would cost more than the settlement; queued, a batch's settlements are
     * written with one pump.
     */
    private void runLater(Runnable task) {
        ctx.executor().execute(whileOpen(task));
    }

    private Runnable whileOpen(Runnable task) {
        return () -> {
            if (!gone) {
                task.run();
                pump();
            }
        };
    }

    /** A unique id for this connection (no-local filtering). */
    String id() {
        return id;
    }

    /** True while a consumer of this connection has the no-local filter: publishes are marked. */
    boolean hasNoLocalConsumers() {
        return noLocalConsumers > 0;
    }

    void noLocalConsumer(int delta) {
        noLocalConsumers += delta;
    }

    void register(LinkHandler link) {
        links.add(link);
    }

    void unregister(LinkHandler link) {
        links.remove(link);
    }

    // ---------------------------------------------------------------- Netty side

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        decoder = new DecoderImpl();
        EncoderImpl encoder = new EncoderImpl(decoder);
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
        outbound = new OutboundMessages(encoder);
        outbox = new DeliveryOutbox(context.channel().eventLoop(), settings.outboxHighWaterBytes(), this::afterOutboxDrain);
        transport = Transport.Factory.create();
        transport.setMaxFrameSize(settings.maxFrameSize());
        transport.setChannelMax(settings.channelMax());
        transport.setIdleTimeout(settings.idleTimeoutMillis());
        connection = Connection.Factory.create();
        collector = Collector.Factory.create();
        connection.collect(collector);
        sasl = new SaslServer(services.users(), settings.auth(), context.channel().remoteAddress());
        Sasl protonSasl = transport.sasl();
        sasl.install(protonSasl);
        transport.bind(connection);
        attacher = new LinkAttacher(this);
        services.alarms().register(alarmListener); // first: a change from now on reaches the loop after this
        creditHold = new CreditHold(String.valueOf(context.channel().remoteAddress()),
                services.alarms().activeAlarms());
        context.executor().schedule(() -> {
            if (!opened && !gone) {
                LOG.log(System.Logger.Level.INFO, "closing {0}: AMQP 1.0 handshake not completed in {1} s",
                        context.channel().remoteAddress(), HANDSHAKE_SECONDS);
                context.close();
            }
        }, HANDSHAKE_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        reading = true;
        try {
            while (in.isReadable() && !gone) {
                int capacity = transport.capacity();
                if (capacity <= 0) {
                    in.skipBytes(in.readableBytes());
                    break;
                }
                ByteBuffer tail = transport.tail();
                int n = Math.min(capacity, in.readableBytes());
                int limit = tail.limit();
                tail.limit(tail.position() + n);
                in.readBytes(tail);
                tail.limit(limit);
                try {
                    transport.process();
                } catch (TransportException e) {
                    badInput(e);
                }
                pump();
            }
        } catch (RuntimeException e) {
            internalError(e);
        } finally {
            in.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        reading = false;
        context.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        writable = context.channel().isWritable();
        if (writable) {
            resumeConsumers();
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        shutdown();
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, "AMQP 1.0 connection " + context.channel().remoteAddress() + " failed", cause);
        context.close();
    }

    /**
     * Bytes that are not AMQP 1.0 frames, or a frame body that is no performative: the connection
     * is closed with {@code amqp:decode-error} (or the transport's own, more precise condition)
     * and the reason. proton-j would close without a condition, so its output is dropped and the
     * close frame written here; nothing else is read from this connection. Before the connection
     * is open (a bad protocol header, say) proton-j's own answer goes out instead.
     */
    private void badInput(TransportException e) {
        LOG.log(System.Logger.Level.INFO, "closing AMQP 1.0 connection {0}: bad input: {1}",
                ctx.channel().remoteAddress(), e.getMessage());
        ErrorCondition proton = transport.getCondition();
        Symbol condition = proton != null && proton.getCondition() != null
                && !ConnectionError.FRAMING_ERROR.equals(proton.getCondition()) ? proton.getCondition()
                : AmqpError.DECODE_ERROR;
        if (opened) {
            ctx.write(outbound.closeFrame(ErrorConditions.of(condition, String.valueOf(e.getMessage())), ctx.alloc()));
        } else {
            writeOutput(); // before open only protocol headers are due (the SASL header a client skipped)
        }
        ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        shutdown();
    }

    private void internalError(RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "internal error on AMQP 1.0 connection " + ctx.channel().remoteAddress(), e);
        if (!gone && connection.getLocalState() != EndpointState.CLOSED) {
            connection.setCondition(ErrorConditions.of(AmqpError.INTERNAL_ERROR, "internal error: " + e));
            connection.close();
            pump();
        }
    }

    private void afterOutboxDrain() {
        pump();
        if (outbox.resetHighWater()) {
            resumeConsumers();
        }
    }

    /**
     * Any thread: the broker's resource alarms changed; publishing links stop or resume getting
     * credit on the event loop.
     */
    void alarmsChanged(Set<Resource> active) {
        try {
            runOnLoop(() -> {
                if (creditHold == null) {
                    return; // still being added: it reads the alarms raised now
                }
                List<PublishLink> publishers = new ArrayList<>();
                for (LinkHandler l : links) {
                    if (l instanceof PublishLink p) {
                        publishers.add(p);
                    }
                }
                creditHold.alarmsChanged(active, publishers);
            });
        } catch (RejectedExecutionException e) {
            // the event loop has stopped: the connection is gone
        }
    }

    private void resumeConsumers() {
        for (LinkHandler l : List.copyOf(links)) {
            if (l instanceof ConsumeLink c) {
                c.resume();
            }
        }
    }

    // ---------------------------------------------------------------- the engine

    /** Handles every pending event, then writes what the transport has to send. Event loop only. */
    void pump() {
        if (gone) {
            return;
        }
        try {
            Event event;
            while ((event = collector.peek()) != null) {
                try {
                    handle(event);
                } catch (BrokerException e) {
                    LOG.log(System.Logger.Level.DEBUG, "refused: " + e.getMessage());
                } finally {
                    collector.pop();
                }
            }
            writeOutput();
            if (sasl.failed() && !gone) {
                ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                shutdown();
                return;
            }
            if (!gone) {
                scheduleTick();
            }
        } catch (RuntimeException e) {
            internalError(e);
        }
    }

    private void writeOutput() {
        boolean wrote = false;
        while (!gone) {
            int pending = transport.pending();
            if (pending < 0) {
                ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                shutdown();
                return;
            }
            if (pending == 0) {
                if (wrote && !reading) {
                    ctx.flush();
                }
                return;
            }
            ByteBuffer head = transport.head();
            ByteBuf out = ctx.alloc().buffer(pending);
            out.writeBytes(head.duplicate().limit(head.position() + pending));
            transport.pop(pending);
            ctx.write(out, ctx.voidPromise());
            wrote = true;
        }
    }

    private void scheduleTick() {
        long now = System.nanoTime() / 1_000_000;
        long deadline = transport.tick(now == 0 ? 1 : now);
        if (deadline == 0) {
            return;
        }
        if (tickTimer != null && !tickTimer.isDone() && tickAt <= deadline) {
            return;
        }
        if (tickTimer != null) {
            tickTimer.cancel(false);
        }
        tickAt = deadline;
        tickTimer = ctx.executor().schedule(() -> {
            tickTimer = null;
            pump();
            ctx.flush();
        }, Math.max(1, deadline - now), TimeUnit.MILLISECONDS);
    }

    private void handle(Event event) {
        switch (event.getType()) {
            case CONNECTION_REMOTE_OPEN -> onOpen();
            case CONNECTION_REMOTE_CLOSE -> {
                closeLinks(null);
                connection.close();
            }
            case SESSION_REMOTE_OPEN -> {
                Session s = event.getSession();
                if (s.getLocalState() == EndpointState.UNINITIALIZED) {
                    s.setIncomingCapacity(settings.sessionCapacityBytes());
                    s.open();
                }
            }
            case SESSION_REMOTE_CLOSE -> {
                closeLinks(event.getSession());
                event.getSession().close();
            }
            case LINK_REMOTE_OPEN -> {
                Link link = event.getLink();
                if (link.getLocalState() == EndpointState.UNINITIALIZED) {
                    attacher.attach(link);
                }
            }
            case LINK_REMOTE_DETACH, LINK_REMOTE_CLOSE -> onLinkGone(event.getLink(),
                    event.getType() == Event.Type.LINK_REMOTE_CLOSE);
            case LINK_FLOW -> {
                if (event.getLink().getContext() instanceof LinkHandler h) {
                    h.onFlow();
                }
            }
            case DELIVERY -> {
                if (event.getDelivery().getLink().getContext() instanceof LinkHandler h) {
                    h.onDelivery(event.getDelivery());
                }
            }
            case TRANSPORT_ERROR -> LOG.log(System.Logger.Level.INFO, "AMQP 1.0 connection {0} failed: {1}",
                    ctx.channel().remoteAddress(), event.getTransport().getCondition());
            default -> {
            }
        }
    }

    private void onOpen() {
        user = sasl.user() != null ? sasl.user() : sasl.anonymous();
        if (user == null) {
            refuseOpen(ErrorConditions.of(AmqpError.UNAUTHORIZED_ACCESS, "authentication required"));
            return;
        }
        String hostname = connection.getRemoteHostname();
        String vhostName = hostname != null && hostname.startsWith("vhost:") ? hostname.substring(6) : Broker.DEFAULT_VHOST;
        try {
            vhost = services.broker().virtualHost(vhostName);
        } catch (BrokerException e) {
            refuseOpen(ErrorConditions.of(AmqpError.NOT_FOUND, "vhost '" + vhostName + "' not found"));
            return;
        }
        if (!services.access().mayOpen(user.name(), vhost.name())) {
            vhost = null;
            refuseOpen(ErrorConditions.of(AmqpError.UNAUTHORIZED_ACCESS, "access to vhost '" + vhostName
                    + "' refused for user '" + user.name() + "'"));
            return;
        }
        permissions = new LinkPermissions(services.access(), user.name(), vhost.name());
        Symbol[] desired = connection.getRemoteDesiredCapabilities();
        if (desired != null && Arrays.asList(desired).contains(SOLE_CONNECTION)) {
            String container = containerId();
            if (!services.containers().claim(container, this)) {
                ErrorCondition condition = ErrorConditions.of(AmqpError.INVALID_FIELD,
                        "container id '" + container + "' is in use by another connection");
                condition.setInfo(Map.of(Symbol.valueOf("invalid-field"), Symbol.valueOf("container-id")));
                refuseOpen(condition);
                return;
            }
            claimedContainer = container;
        }
        owner = new Owner(user.name() + "@" + ctx.channel().remoteAddress() + " (AMQP 1.0 " + containerId() + ")");
        opened = true;
        connection.setContainer("sluice");
        connection.setOfferedCapabilities(OFFERED);
        connection.setProperties(serverProperties());
        connection.open();
    }

    private Map<Symbol, Object> serverProperties() {
        Map<Symbol, Object> p = new LinkedHashMap<>();
        p.put(Symbol.valueOf("product"), "Sluice");
        p.put(Symbol.valueOf("version"), settings.productVersion());
        return p;
    }

    /** Opens and closes at once with {@code condition}, the open announcing the close (Qpid JMS then reports it). */
    private void refuseOpen(ErrorCondition condition) {
        LOG.log(System.Logger.Level.INFO, "refusing AMQP 1.0 connection from {0}: {1}",
                ctx.channel().remoteAddress(), condition.getDescription());
        opened = true;
        connection.setContainer("sluice");
        connection.setProperties(ESTABLISHMENT_FAILED);
        connection.open();
        connection.setCondition(condition);
        connection.close();
    }

    private void onLinkGone(Link link, boolean closed) {
        if (link.getContext() instanceof LinkHandler h) {
            link.setContext(null);
            unregister(h);
            h.onGone(closed);
        }
        if (closed) {
            link.close();
        } else {
            link.detach();
        }
        link.free();
    }

    /** Ends the links of {@code session} (every link when null) because it or the connection ended. */
    private void closeLinks(Session session) {
        for (LinkHandler h : new ArrayList<>(links)) {
            if (session == null || h.session() == session) {
                unregister(h);
                h.onGone(false);
            }
        }
    }

    /** The socket is gone (or the transport closed): release everything. Idempotent. */
    private void shutdown() {
        if (gone) {
            return;
        }
        gone = true;
        services.alarms().unregister(alarmListener);
        if (tickTimer != null) {
            tickTimer.cancel(false);
        }
        closeLinks(null);
        transactions.rollbackAll();
        if (claimedContainer != null) {
            services.containers().release(claimedContainer, this);
        }
        if (vhost != null && owner != null) {
            vhost.ownerClosed(owner);
        }
        outbox.drainNow();
    }

    /** True once the connection is shut down (links must not touch proton any more). */
    boolean isGone() {
        return gone;
    }
}
