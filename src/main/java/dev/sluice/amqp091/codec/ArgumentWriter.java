package dev.sluice.amqp091.codec;

import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * Writes one method's arguments in order, packing consecutive {@code bit} arguments into octets as
 * {@link ArgumentReader} unpacks them. Only {@link MethodCodec} makes instances; each method record
 * writes itself through one in {@link Method#writeArguments}. Null strings and tables are written
 * empty; a value that does not fit its type throws {@link IllegalArgumentException}.
 *
 * <p>Threading: confined to the thread encoding one method.
 */
public final class ArgumentWriter {
    private final ByteBuf out;
    private int bits;
    private int bitCount;

    ArgumentWriter(ByteBuf out) {
        this.out = out;
    }

    public void writeOctet(int value) {
        flushBits();
        Wire.writeOctet(out, value, "octet argument");
    }

    public void writeShort(int value) {
        flushBits();
        Wire.writeShort(out, value, "short argument");
    }

    /** A 32-bit argument; its octets are written as they are, so it is read back as the same int. */
    public void writeLong(int value) {
        flushBits();
        out.writeInt(value);
    }

    public void writeLongLong(long value) {
        flushBits();
        out.writeLong(value);
    }

    public void writeShortString(String value) {
        flushBits();
        Wire.writeShortString(out, value);
    }

    public void writeLongString(String value) {
        flushBits();
        Wire.writeLongString(out, value);
    }

    public void writeLongString(byte[] value) {
        flushBits();
        Wire.writeLongString(out, value);
    }

    public void writeTable(Map<String, ?> table) {
        flushBits();
        FieldTables.write(out, table);
    }

    public void writeBit(boolean value) {
        if (bitCount == 8) {
            flushBits();
        }
        if (value) {
            bits |= 1 << bitCount;
        }
        bitCount++;
    }

    /** Writes the last octet of bits, if any are pending. */
    void finish() {
        flushBits();
    }

    private void flushBits() {
        if (bitCount > 0) {
            out.writeByte(bits);
            bits = 0;
            bitCount = 0;
        }
    }
}
