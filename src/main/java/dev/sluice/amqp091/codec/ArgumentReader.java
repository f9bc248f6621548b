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
        return Wire.readOctet(field(), context);
    }

    int readShort() {
        return Wire.readShort(field(), context);
    }

    int readLong() {
        return Wire.readLong(field(), context);
    }

    long readLongLong() {
        return Wire.readLongLong(field(), context);
    }

    String readShortString() {
        return Wire.readShortString(field(), context);
    }

    String readLongString() {
        return Wire.readLongString(field(), context);
    }

    byte[] readLongStringBytes() {
        return Wire.readLongStringBytes(field(), context);
    }

    Map<String, Object> readTable() {
        return FieldTables.read(field());
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
        int length = Wire.readOctet(field(), context);
        Wire.require(in, length, context);
        in.skipBytes(length);
    }

    /** Skips a reserved long string. */
    void skipLongString() {
        in.skipBytes(Wire.readLongLength(field(), context));
    }

    /** Skips a reserved bit. */
    void skipBit() {
        readBit();
    }

    /** The buffer, for reading a field that is not a bit: it ends any run of bits. */
    private ByteBuf field() {
        nextBit = NO_BITS;
        return in;
    }

    /** Throws if octets are left after the last argument, as RabbitMQ does. */
    void requireFullyRead() {
        if (in.isReadable()) {
            throw new AmqpFrameException(
                    context + ": " + in.readableBytes() + " octets after the last argument");
        }
    }
}
