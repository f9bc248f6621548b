package dev.sluice.amqp091.codec;

import io.netty.buffer.ByteBuf;

/**
 * A content header frame (type 2). It holds the header's reference to its raw properties: release
 * the frame (or keep the header and release that) exactly once.
 *
 * <p>Threading: immutable apart from the buffer's reference count, which is atomic.
 */
public record ContentHeaderFrame(int channel, ContentHeader header) implements Frame, RefCountedBuffer {

    @Override
    public ByteBuf buffer() {
        return header.rawProperties();
    }
}
