package dev.sluice.amqp091.codec;

import io.netty.buffer.ByteBuf;

/**
 * A content body frame (type 3). {@code body} is a retained slice of the bytes received, not a copy:
 * the receiver owns that reference and must release it (or the frame) exactly once.
 *
 * <p>Threading: immutable apart from the buffer's reference count, which is atomic.
 */
public record ContentBodyFrame(int channel, ByteBuf body) implements Frame, RefCountedBuffer {

    @Override
    public ByteBuf buffer() {
        return body;
    }

    @Override
    public String toString() {
        return "ContentBodyFrame[channel=" + channel + ", body=<" + body.readableBytes() + " octets>]";
    }
}
