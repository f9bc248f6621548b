package dev.sluice.amqp091.codec;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.function.Consumer;

/**
 * AMQP's primitive wire types, read with bounds checks (a read past the end throws
 * {@link AmqpFrameException}, never an {@code IndexOutOfBoundsException}) and written with range
 * checks (a value that does not fit throws {@link IllegalArgumentException}). All integers are
 * big-endian; {@code short} and {@code octet} are unsigned.
 *
 * <p>Threading: stateless.
 */
final class Wire {
    static final int SHORT_STRING_MAX = 255;

    private Wire() {
    }

    static void require(ByteBuf in, long length, String context) {
        if (in.readableBytes() < length) {
            throw AmqpFrameException.truncated(context, length, in.readableBytes());
        }
    }

    static int readOctet(ByteBuf in, String context) {
        require(in, 1, context);
        return in.readUnsignedByte();
    }

    static int readShort(ByteBuf in, String context) {
        require(in, 2, context);
        return in.readUnsignedShort();
    }

    static int readLong(ByteBuf in, String context) {
        require(in, 4, context);
        return in.readInt();
    }

    static long readLongLong(ByteBuf in, String context) {
        require(in, 8, context);
        return in.readLong();
    }

    static String readShortString(ByteBuf in, String context) {
        int length = readOctet(in, context);
        return readUtf8(in, length, context);
    }

    /** Reads a 32-bit length and checks that that many octets follow. */
    static int readLongLength(ByteBuf in, String context) {
        long length = readLong(in, context) & 0xFFFF_FFFFL;
        require(in, length, context);
        return (int) length;
    }

    static String readLongString(ByteBuf in, String context) {
        return readUtf8(in, readLongLength(in, context), context);
    }

    static byte[] readLongStringBytes(ByteBuf in, String context) {
        byte[] bytes = new byte[readLongLength(in, context)];
        in.readBytes(bytes);
        return bytes;
    }

    private static String readUtf8(ByteBuf in, int length, String context) {
        require(in, length, context);
        String value = in.toString(in.readerIndex(), length, UTF_8);
        in.skipBytes(length);
        return value;
    }

    /**
     * Runs {@code writer} on {@code out}; if it throws, moves the writer index back to where it was,
     * so a failed write leaves nothing behind.
     */
    static void writeOrRollBack(ByteBuf out, Consumer<ByteBuf> writer) {
        int start = out.writerIndex();
        try {
            writer.accept(out);
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
    }

    /** Writes a 32-bit length, then what {@code contents} writes, then patches the length. */
    static void writeLengthPrefixed(ByteBuf out, Consumer<ByteBuf> contents) {
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        contents.accept(out);
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex - 4);
    }

    static void writeOctet(ByteBuf out, int value, String what) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(what + " must be an octet (0..255): " + value);
        }
        out.writeByte(value);
    }

    static void writeShort(ByteBuf out, int value, String what) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(what + " must be an unsigned short (0..65535): " + value);
        }
        out.writeShort(value);
    }

    /** Writes a short string; null is written as the empty string. */
    static void writeShortString(ByteBuf out, String value) {
        String text = value == null ? "" : value;
        if (text.length() > SHORT_STRING_MAX) {
            throw shortStringTooLong(ByteBufUtil.utf8Bytes(text), text);
        }
        // one pass: write the text after a placeholder length octet, then fill the length in
        int start = out.writerIndex();
        out.writeByte(0);
        int length = ByteBufUtil.writeUtf8(out, text);
        if (length > SHORT_STRING_MAX) {
            out.writerIndex(start);
            throw shortStringTooLong(length, text);
        }
        out.setByte(start, length);
    }

    private static IllegalArgumentException shortStringTooLong(int length, String text) {
        return new IllegalArgumentException("short string is " + length + " octets in UTF-8, at most "
                + SHORT_STRING_MAX + " fit: " + text.substring(0, 32) + "...");
    }

    /** Writes a long string as UTF-8; null is written as the empty string. */
    static void writeLongString(ByteBuf out, String value) {
        String text = value == null ? "" : value;
        out.writeInt(ByteBufUtil.utf8Bytes(text));
        ByteBufUtil.writeUtf8(out, text);
    }

    /** Writes a long string of raw octets; null is written as the empty string. */
    static void writeLongString(ByteBuf out, byte[] value) {
        byte[] bytes = value == null ? new byte[0] : value;
        out.writeInt(bytes.length);
        out.writeBytes(bytes);
    }
}
