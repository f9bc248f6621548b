package dev.sluice.amqp091;

import dev.sluice.amqp091.codec.FrameWriter;
import dev.sluice.amqp091.codec.Method;
import dev.sluice.core.message.Message;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;

/**
 * Writes frames to one connection's socket: methods, methods with content (the body as retained
 * slices, never copied), heartbeats. Writes are not flushed here; the connection flushes once per
 * read batch and once per outbox drain, so many frames leave in one system call.
 *
 * <p>Threading: event-loop confined.
 */
final class Outbound {
    private final ChannelHandlerContext ctx;
    private int frameMax = Amqp091Settings.FRAME_MIN_SIZE;

    Outbound(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    void setFrameMax(int frameMax) {
        this.frameMax = frameMax;
    }

    void method(int channel, Method method) {
        ctx.write(FrameWriter.methodFrame(ctx.alloc(), channel, method), ctx.voidPromise());
    }

    /** A content-bearing method (deliver, get-ok, return) with the message's properties and body. */
    void content(int channel, Method method, Message message) {
        Object encoded = message.encoded();
        var frames = encoded instanceof Amqp091Encoded raw
                ? FrameWriter.contentMessage(ctx.alloc(), channel, method, Unpooled.wrappedBuffer(raw.propertyBytes()),
                        message.body(), frameMax)
                : FrameWriter.contentMessage(ctx.alloc(), channel, method, message.properties(), message.body(),
                        frameMax);
        ctx.write(frames, ctx.voidPromise());
    }

    void heartbeat() {
        ctx.writeAndFlush(FrameWriter.heartbeat(), ctx.voidPromise());
    }

    void flush() {
        ctx.flush();
    }
}
