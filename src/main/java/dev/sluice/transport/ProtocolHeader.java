package dev.sluice.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The 8-byte protocol headers a client sends first on an AMQP connection: {@code "AMQP"} followed
 * by four bytes that name the protocol and its version.
 *
 * <p>Threading: immutable; safe from any thread.
 */
public enum ProtocolHeader {
    /** AMQP 0-9-1: {@code 'A','M','Q','P',0,0,9,1}. */
    AMQP_0_9_1(0, 0, 9, 1),
    /** AMQP 1.0 without a security layer: {@code 'A','M','Q','P',0,1,0,0}. */
    AMQP_1_0(0, 1, 0, 0),
    /** AMQP 1.0 starting with SASL: {@code 'A','M','Q','P',3,1,0,0}. */
    AMQP_1_0_SASL(3, 1, 0, 0);

    /** Every protocol header is this many bytes long. */
    public static final int LENGTH = 8;

    private final byte[] bytes;

    ProtocolHeader(int id, int major, int minor, int revision) {
        this.bytes = new byte[] {'A', 'M', 'Q', 'P', (byte) id, (byte) major, (byte) minor, (byte) revision};
    }

    /** A fresh copy of the 8 bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** A new buffer holding the 8 bytes, for writing to a channel (which releases it). */
    public ByteBuf toByteBuf() {
        return Unpooled.wrappedBuffer(bytes());
    }

    /** Whether the 8 readable bytes at {@code header}'s reader index are this header; never moves the index. */
    public boolean matches(ByteBuf header) {
        if (header.readableBytes() < LENGTH) {
            return false;
        }
        int start = header.readerIndex();
        for (int i = 0; i < LENGTH; i++) {
            if (header.getByte(start + i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }
}
