package dev.sluice.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The first handler of every connection to the AMQP port. It waits for the client's 8-byte
 * protocol header (however the bytes are split across reads) and hands the connection to the
 * first {@link ProtocolEndpoint} that accepts it, passing the header and everything after it on.
 * A header no endpoint accepts is answered with the AMQP 0-9-1 header and the connection is closed
 * once that is written, as the AMQP 0-9-1 specification asks. A connection that has not sent a
 * whole header within the handshake timeout is closed.
 *
 * <p>Threading: one instance per connection; every method runs on that connection's event loop and
 * none blocks.
 */
public final class ProtocolSniffer extends ByteToMessageDecoder {
    private static final System.Logger LOG = System.getLogger(ProtocolSniffer.class.getName());

    private final List<ProtocolEndpoint> endpoints;
    private final Duration handshakeTimeout;
    private ScheduledFuture<?> handshakeTimer;
    private boolean rejected;

    public ProtocolSniffer(List<ProtocolEndpoint> endpoints, Duration handshakeTimeout) {
        this.endpoints = List.copyOf(endpoints);
        this.handshakeTimeout = Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            startHandshakeTimer(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        startHandshakeTimer(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelHandshakeTimer();
        super.channelInactive(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelHandshakeTimer();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (rejected) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < ProtocolHeader.LENGTH) {
            return;
        }
        cancelHandshakeTimer();
        ByteBuf header = in.slice(in.readerIndex(), ProtocolHeader.LENGTH).asReadOnly();
        Optional<ProtocolEndpoint> endpoint = endpoints.stream().filter(e -> e.accepts(header)).findFirst();
        if (endpoint.isPresent()) {
            handOver(ctx, endpoint.get());
        } else {
            reject(ctx, ByteBufUtil.hexDump(header));
            in.skipBytes(in.readableBytes());
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!rejected && in.isReadable()) {
            LOG.log(Level.DEBUG, "{0} closed after {1} of 8 header bytes",
                    ctx.channel().remoteAddress(), in.readableBytes());
        }
        in.skipBytes(in.readableBytes());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.WARNING, "closing " + ctx.channel().remoteAddress() + " during protocol handshake", cause);
        ctx.close();
    }

    private void handOver(ChannelHandlerContext ctx, ProtocolEndpoint endpoint) {
        LOG.log(Level.DEBUG, "{0} speaks {1}", ctx.channel().remoteAddress(), endpoint.name());
        endpoint.install(ctx.pipeline());
        // Removing a ByteToMessageDecoder passes its unread bytes, header included, to the next handler.
        ctx.pipeline().remove(this);
    }

    private void reject(ChannelHandlerContext ctx, String headerHex) {
        rejected = true;
        LOG.log(Level.DEBUG, "{0} sent unsupported protocol header {1}; answering with AMQP 0-9-1 and closing",
                ctx.channel().remoteAddress(), headerHex);
        ctx.writeAndFlush(ProtocolHeader.AMQP_0_9_1.toByteBuf()).addListener(ChannelFutureListener.CLOSE);
    }

    private void startHandshakeTimer(ChannelHandlerContext ctx) {
        if (handshakeTimer != null) {
            return;
        }
        handshakeTimer = ctx.executor().schedule(() -> {
            LOG.log(Level.DEBUG, "{0} sent no protocol header within {1}; closing",
                    ctx.channel().remoteAddress(), handshakeTimeout);
            ctx.close();
        }, handshakeTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelHandshakeTimer() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
    }
}
