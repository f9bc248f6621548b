package dev.sluice.store.mapdb;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * One message's place in one queue as the MapDB store keeps it (the key is queue id and
 * sequence number). Record, codec version 2: u8 version, i64 message id, i64 expiresAt, varint
 * priority level, varint delivery count, u8 flags (bit 0: redelivered), varint body size. Version
 * 1 had no body size; it reads as 0.
 *
 * <p>Threading: immutable.
 */
record EntryRecord(long messageId, long expiresAt, int priority, int deliveryCount, boolean redelivered,
                   int bodySize) {
    static final int VERSION = 2;
    private static final int FIRST_VERSION = 1;
    private static final int REDELIVERED = 1;

    EntryRecord withDelivery(int newDeliveryCount, boolean nowRedelivered) {
        return new EntryRecord(messageId, expiresAt, priority, newDeliveryCount, nowRedelivered, bodySize);
    }

    byte[] encode() {
        ByteBuf out = Unpooled.buffer(28);
        out.writeByte(VERSION);
        out.writeLong(messageId);
        out.writeLong(expiresAt);
        Bytes.writeVarInt(out, priority);
        Bytes.writeVarInt(out, deliveryCount);
        out.writeByte(redelivered ? REDELIVERED : 0);
        Bytes.writeVarInt(out, bodySize);
        return Bytes.toArrayAndRelease(out);
    }

    static EntryRecord decode(byte[] record) {
        ByteBuf in = Unpooled.wrappedBuffer(record);
        int version = Bytes.readByte(in) & 0xFF;
        if (version != VERSION && version != FIRST_VERSION) {
            throw new CorruptRecordException("queue entry record of codec version " + version
                    + "; this Sluice reads versions " + FIRST_VERSION + " and " + VERSION);
        }
        long messageId = Bytes.readLong(in);
        long expiresAt = Bytes.readLong(in);
        int priority = Bytes.readVarInt(in);
        int deliveryCount = Bytes.readVarInt(in);
        boolean redelivered = (Bytes.readByte(in) & REDELIVERED) != 0;
        int bodySize = version == FIRST_VERSION ? 0 : Bytes.readVarInt(in);
        return new EntryRecord(messageId, expiresAt, priority, deliveryCount, redelivered, bodySize);
    }
}
