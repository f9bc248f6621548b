package dev.sluice.amqp091.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.function.Consumer;

/**
 * Small buffer helpers for the codec tests.
 *
 * <p>Threading: stateless.
 */
final class Buffers {
    private Buffers() {
    }

    /** A heap buffer holding the given octets (ints for readability: 0xCE rather than (byte) 0xCE). */
    static ByteBuf octets(int... octets) {
        ByteBuf buf = Unpooled.buffer(octets.length);
        for (int octet : octets) {
            buf.writeByte(octet);
        }
        return buf;
    }

    /** The octets a writer produces. */
    static byte[] written(Consumer<ByteBuf> writer) {
        ByteBuf buf = Unpooled.buffer();
        try {
            writer.accept(buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** Concatenates byte arrays. */
    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
