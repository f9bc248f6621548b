package dev.sluice.amqp091.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * A decoded piece of content that holds one reference to a buffer, so that it can be released like
 * the buffer itself (also by Netty's {@code ReferenceCountUtil.release}, which a pipeline's tail uses
 * on messages nobody handled). Whoever receives one owns that reference and must release it once.
 *
 * <p>Threading: as the buffer's reference count, which is atomic.
 */
public interface RefCountedBuffer extends ReferenceCounted {

    /** The buffer this object holds its reference to. */
    ByteBuf buffer();

    @Override
    default int refCnt() {
        return buffer().refCnt();
    }

    @Override
    default RefCountedBuffer retain() {
        buffer().retain();
        return this;
    }

    @Override
    default RefCountedBuffer retain(int increment) {
        buffer().retain(increment);
        return this;
    }

    @Override
    default RefCountedBuffer touch() {
        buffer().touch();
        return this;
    }

    @Override
    default RefCountedBuffer touch(Object hint) {
        buffer().touch(hint);
        return this;
    }

    @Override
    default boolean release() {
        return buffer().release();
    }

    @Override
    default boolean release(int decrement) {
        return buffer().release(decrement);
    }
}
