package dev.sluice.amqp091.codec;

import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * Reads one method's arguments in order. Consecutive {@code bit} arguments share octets, up to eight
 * to an octet, lowest bit first; any other argument ends a run of bits. Errors name the method.
 *
 * <p>Threading: confined to the thread decoding one method.
 */
final class ArgumentReader {
    private static final int NO_BITS = 8;

    private final ByteBuf in;
    private final String context;
    private int bitOctet;
    private int nextBit = NO_BITS;

    ArgumentReader(ByteBuf in, String methodName) {
        this.in = in;
        this.context = methodName;
    }

    int readOctet() {
        nextBit = NO_BITS;
        return Wire.readOctet(in, context);
    }

    int readShort() {
        nextBit = NO_BITS;
        return Wire.readShort(in, context);
    }

    int readLong() {
        nextBit = NO_BITS;
        return Wire.readLong(in, context);
    }

    long readLongLong() {
        nextBit = NO_BITS;
        return Wire.readLongLong(in, context);
    }

    String readShortString() {
        nextBit = NO_BITS;
        return Wire.readShortString(in, context);
    }

    String readLongString() {
        nextBit = NO_BITS;
        return Wire.readLongString(in, context);
    }

    byte[] readLongStringBytes() {
        nextBit = NO_BITS;
        return Wire.readLongStringBytes(in, context);
    }

    Map<String, Object> readTable() {
        nextBit = NO_BITS;
        return FieldTables.read(in);
    }

    boolean readBit() {
        if (nextBit == NO_BITS) {
            bitOctet = Wire.readOctet(in, context);
            nextBit = 0;
        }
        return (bitOctet & (1 << nextBit++)) != 0;
    }

    /** Skips a reserved short (the old access ticket). */
    void skipShort() {
        readShort();
    }

    /** Skips a reserved short string. */
    void skipShortString() {
        nextBit = NO_BITS;
        int length = Wire.readOctet(in, context);
        Wire.require(in, length, context);
        in.skipBytes(length);
    }

    /** Skips a reserved long string. */
    void skipLongString() {
        nextBit = NO_BITS;
        in.skipBytes(Wire.readLongLength(in, context));
    }

    /** Skips a reserved bit. */
    void skipBit() {
        readBit();
    }

    /** Throws if octets are left after the last argument, as RabbitMQ does. */
    void requireFullyRead() {
        if (in.isReadable()) {
            throw new AmqpFrameException(
                    context + ": " + in.readableBytes() + " octets after the last argument");
        }
    }
}
