package dev.sluice.amqp091;

import dev.sluice.amqp091.codec.FrameWriter;
import dev.sluice.amqp091.codec.Method;
import dev.sluice.core.message.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;

/**
 * Writes frames to one connection's socket: methods, methods with content, heartbeats. A small
 * body is copied into the one buffer that carries the whole delivery, which costs less than
 * keeping it apart (a composite of slices for each delivery); a large body goes out as retained
 * slices, never copied. Writes are not flushed here; the connection flushes once per read batch
 * and once per outbox drain, so many frames leave in one system call.
 *
 * <p>Threading: event-loop confined.
 */
final class Outbound {
    /** Bodies up to this size are copied next to their frames instead of being sliced. */
    static final int COPY_BODY_MAX = 8 * 1024;

    private final ChannelHandlerContext ctx;
    private int frameMax = Amqp091Settings.FRAME_MIN_SIZE;
    private boolean written;

    Outbound(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    void setFrameMax(int frameMax) {
        this.frameMax = frameMax;
    }

    void method(int channel, Method method) {
        written = true;
        ctx.write(FrameWriter.methodFrame(ctx.alloc(), channel, method), ctx.voidPromise());
    }

    /** A content-bearing method (deliver, get-ok, return) with the message's properties and body. */
    void content(int channel, Method method, Message message) {
        written = true;
        Object encoded = message.encoded();
        ByteBuf body = message.body();
        ByteBuf frames;
        if (body.readableBytes() <= copyLimit()) {
            frames = encoded instanceof Amqp091Encoded raw
                    ? FrameWriter.copiedContentMessage(ctx.alloc(), channel, method, raw.propertyBytes(), body)
                    : FrameWriter.copiedContentMessage(ctx.alloc(), channel, method, message.properties(), body);
        } else {
            frames = encoded instanceof Amqp091Encoded raw
                    ? FrameWriter.contentMessage(ctx.alloc(), channel, method,
                            Unpooled.wrappedBuffer(raw.propertyBytes()), body, frameMax)
                    : FrameWriter.contentMessage(ctx.alloc(), channel, method, message.properties(), body,
                            frameMax);
        }
        ctx.write(frames, ctx.voidPromise());
    }

    /** The largest body copied: it must also fit one body frame. */
    private int copyLimit() {
        return frameMax == 0 ? COPY_BODY_MAX : Math.min(COPY_BODY_MAX, frameMax - 8);
    }

    void heartbeat() {
        ctx.writeAndFlush(FrameWriter.heartbeat(), ctx.voidPromise());
    }

    /** Whether anything but heartbeats was written since the last call; clears the mark. */
    boolean takeWritten() {
        boolean was = written;
        written = false;
        return was;
    }

    void flush() {
        ctx.flush();
    }
}
