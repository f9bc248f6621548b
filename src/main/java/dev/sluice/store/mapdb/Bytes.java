package dev.sluice.store.mapdb;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/**
 * The primitive pieces of every record Sluice writes: unsigned variable-length integers (seven
 * bits a byte, low bits first) and length-prefixed UTF-8 strings. Readers check every length
 * against what is left, so a damaged record fails with {@link CorruptRecordException} instead of
 * reading garbage.
 *
 * <p>Threading: stateless.
 */
final class Bytes {
    private Bytes() {
    }

    static void writeVarLong(ByteBuf out, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    static long readVarLong(ByteBuf in) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = readByte(in);
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new CorruptRecordException("variable-length integer longer than 10 bytes");
    }

    /** A non-negative int written as a variable-length integer. */
    static void writeVarInt(ByteBuf out, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative length or count: " + value);
        }
        writeVarLong(out, value);
    }

    static int readVarInt(ByteBuf in) {
        long v = readVarLong(in);
        if (v > Integer.MAX_VALUE) {
            throw new CorruptRecordException("count out of range: " + v);
        }
        return (int) v;
    }

    /** A length that must fit in what is left of the record. */
    static int readLength(ByteBuf in) {
        int length = readVarInt(in);
        if (length > in.readableBytes()) {
            throw new CorruptRecordException("length " + length + " runs past the end of the record");
        }
        return length;
    }

    static void writeString(ByteBuf out, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeVarInt(out, utf8.length);
        out.writeBytes(utf8);
    }

    static String readString(ByteBuf in) {
        int length = readLength(in);
        String s = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return s;
    }

    static void writeBytes(ByteBuf out, byte[] bytes) {
        writeVarInt(out, bytes.length);
        out.writeBytes(bytes);
    }

    static byte[] readBytes(ByteBuf in) {
        byte[] bytes = new byte[readLength(in)];
        in.readBytes(bytes);
        return bytes;
    }

    static byte readByte(ByteBuf in) {
        need(in, 1);
        return in.readByte();
    }

    static long readLong(ByteBuf in) {
        need(in, 8);
        return in.readLong();
    }

    static int readInt(ByteBuf in) {
        need(in, 4);
        return in.readInt();
    }

    static int readUnsignedShort(ByteBuf in) {
        need(in, 2);
        return in.readUnsignedShort();
    }

    private static void need(ByteBuf in, int bytes) {
        if (in.readableBytes() < bytes) {
            throw new CorruptRecordException("record ends early");
        }
    }

    /** Checks a record's codec version byte. */
    static void expectVersion(ByteBuf in, int version, String what) {
        int found = readByte(in) & 0xFF;
        if (found != version) {
            throw new CorruptRecordException(what + " record of codec version " + found
                    + "; this Sluice reads version " + version);
        }
    }

    /** The readable bytes as an array of exactly that size; the buffer is released. */
    static byte[] toArrayAndRelease(ByteBuf buf) {
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }
}
