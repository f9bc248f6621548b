package dev.sluice.amqp10;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.codec.WritableBuffer;

/**
 * Lets proton-j's encoder write into a Netty buffer, which grows as needed.
 *
 * <p>Threading: confined to the thread that owns the buffer.
 */
final class ByteBufWritable implements WritableBuffer {
    private ByteBuf buf;

    ByteBufWritable target(ByteBuf target) {
        this.buf = target;
        return this;
    }

    @Override
    public void put(byte b) {
        buf.writeByte(b);
    }

    @Override
    public void putFloat(float f) {
        buf.writeFloat(f);
    }

    @Override
    public void putDouble(double d) {
        buf.writeDouble(d);
    }

    @Override
    public void put(byte[] src, int offset, int length) {
        buf.writeBytes(src, offset, length);
    }

    @Override
    public void putShort(short s) {
        buf.writeShort(s);
    }

    @Override
    public void putInt(int i) {
        buf.writeInt(i);
    }

    @Override
    public void putLong(long l) {
        buf.writeLong(l);
    }

    @Override
    public boolean hasRemaining() {
        return true;
    }

    @Override
    public void ensureRemaining(int requiredRemaining) {
        buf.ensureWritable(requiredRemaining);
    }

    @Override
    public int remaining() {
        return Integer.MAX_VALUE - buf.writerIndex();
    }

    @Override
    public int position() {
        return buf.writerIndex();
    }

    @Override
    public void position(int position) {
        buf.ensureWritable(Math.max(0, position - buf.writerIndex()));
        buf.writerIndex(position);
    }

    @Override
    public void put(ByteBuffer payload) {
        buf.writeBytes(payload);
    }

    @Override
    public void put(ReadableBuffer payload) {
        buf.ensureWritable(payload.remaining());
        while (payload.hasRemaining()) {
            buf.writeByte(payload.get());
        }
    }

    @Override
    public int limit() {
        return Integer.MAX_VALUE;
    }
}
