package dev.sluice.store.mapdb;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * One message's place in one queue as the MapDB store keeps it (the key is queue id and
 * sequence number). Record, codec version 1: u8 version, i64 message id, i64 expiresAt,
 * varint priority level, varint delivery count, u8 flags (bit 0: redelivered).
 *
 * <p>Threading: immutable.
 */
record EntryRecord(long messageId, long expiresAt, int priority, int deliveryCount, boolean redelivered) {
    static final int VERSION = 1;
    private static final int REDELIVERED = 1;

    EntryRecord withDelivery(int newDeliveryCount, boolean nowRedelivered) {
        return new EntryRecord(messageId, expiresAt, priority, newDeliveryCount, nowRedelivered);
    }

    byte[] encode() {
        ByteBuf out = Unpooled.buffer(24);
        out.writeByte(VERSION);
        out.writeLong(messageId);
        out.writeLong(expiresAt);
        Bytes.writeVarInt(out, priority);
        Bytes.writeVarInt(out, deliveryCount);
        out.writeByte(redelivered ? REDELIVERED : 0);
        return Bytes.toArrayAndRelease(out);
    }

    static EntryRecord decode(byte[] record) {
        ByteBuf in = Unpooled.wrappedBuffer(record);
        Bytes.expectVersion(in, VERSION, "queue entry");
        long messageId = Bytes.readLong(in);
        long expiresAt = Bytes.readLong(in);
        int priority = Bytes.readVarInt(in);
        int deliveryCount = Bytes.readVarInt(in);
        boolean redelivered = (Bytes.readByte(in) & REDELIVERED) != 0;
        return new EntryRecord(messageId, expiresAt, priority, deliveryCount, redelivered);
    }
}
