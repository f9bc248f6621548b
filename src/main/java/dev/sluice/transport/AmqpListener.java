package dev.sluice.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The AMQP port: a Netty NIO server (one acceptor thread, {@link ListenerSettings#workerThreads()}
 * event-loop threads) whose every connection starts with a {@link ProtocolSniffer} over the
 * endpoints given at construction.
 *
 * <p>Threading: {@link #start()} and {@link #close()} block and must not be called from an event
 * loop; they are safe to call from different threads, and {@link #close()} more than once.
 */
public final class AmqpListener implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AmqpListener.class.getName());
    private static final int ACCEPT_BACKLOG = 128;
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 5;

    private final ListenerSettings settings;
    private final List<ProtocolEndpoint> endpoints;
    private final EventLoopGroup acceptors = new NioEventLoopGroup(1, new DefaultThreadFactory("sluice-amqp-accept"));
    private final EventLoopGroup workers;
    private Channel serverChannel;
    private boolean closed;

    public AmqpListener(ListenerSettings settings, List<ProtocolEndpoint> endpoints) {
        this.settings = settings;
        this.endpoints = List.copyOf(endpoints);
        this.workers = new NioEventLoopGroup(settings.workerThreads(), new DefaultThreadFactory("sluice-amqp-io"));
    }

    /**
     * Binds the port and returns once connections are accepted.
     *
     * @throws UncheckedIOException when the address cannot be resolved or bound; the listener is then closed
     */
    public synchronized void start() {
        if (closed || serverChannel != null) {
            throw new IllegalStateException("an AMQP listener starts once");
        }
        InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
        try {
            if (address.isUnresolved()) {
                throw new IOException("unknown host " + settings.host());
            }
            ChannelFuture bound = bootstrap().bind(address).awaitUninterruptibly();
            if (!bound.isSuccess()) {
                throw new IOException(String.valueOf(bound.cause().getMessage()), bound.cause());
            }
            serverChannel = bound.channel();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot listen on " + settings.host() + ":" + settings.port()
                    + ": " + e.getMessage(), e);
        }
        LOG.log(Level.DEBUG, "AMQP listener on {0} ({1} protocol endpoints)", localAddress(), endpoints.size());
    }

    /** The address the listener is bound to, with the real port when 0 was asked for. */
    public synchronized InetSocketAddress localAddress() {
        if (serverChannel == null) {
            throw new IllegalStateException("the AMQP listener is not started");
        }
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops accepting, closes every connection and stops the event loops; waits for all of it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        acceptors.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        acceptors.terminationFuture().awaitUninterruptibly();
        workers.terminationFuture().awaitUninterruptibly();
        LOG.log(Level.DEBUG, "AMQP listener closed");
    }

    private ServerBootstrap bootstrap() {
        return new ServerBootstrap()
                .group(acceptors, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast("protocol-sniffer",
                                new ProtocolSniffer(endpoints, settings.handshakeTimeout()));
                    }
                });
    }
}
