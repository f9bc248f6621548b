package dev.sluice.store.mapdb;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * One message's place in one queue as the MapDB store keeps it (the key is queue id and
 * sequence number). Record, codec version 3: u8 version, i64 message id, i64 expiresAt, varint
 * priority level, varint delivery count, u8 flags (bit 0: redelivered, bit 1: ephemeral), varint
 * body size. Version 2 had no ephemeral flag (its bit 1 is never set); version 1 had no body size
 * either, which reads as 0.
 *
 * <p>An <em>ephemeral</em> entry is a paged-out copy of a message that must not survive a restart
 * (a transient message, or any message of a transient or exclusive queue): it lives on disk only
 * to save memory, and opening the store discards it before any queue reads.
 *
 * <p>Threading: immutable.
 */
record EntryRecord(long messageId, long expiresAt, int priority, int deliveryCount, boolean redelivered,
                   int bodySize, boolean ephemeral) {
    static final int VERSION = 3;
    private static final int FIRST_VERSION = 1;
    private static final int REDELIVERED = 1;
    private static final int EPHEMERAL = 2;

    /** An entry that survives a restart (a persistent message on a durable queue). */
    EntryRecord(long messageId, long expiresAt, int priority, int deliveryCount, boolean redelivered, int bodySize) {
        this(messageId, expiresAt, priority, deliveryCount, redelivered, bodySize, false);
    }

    EntryRecord withDelivery(int newDeliveryCount, boolean nowRedelivered) {
        return new EntryRecord(messageId, expiresAt, priority, newDeliveryCount, nowRedelivered, bodySize, ephemeral);
    }

    byte[] encode() {
        ByteBuf out = Unpooled.buffer(28);
        out.writeByte(VERSION);
        out.writeLong(messageId);
        out.writeLong(expiresAt);
        Bytes.writeVarInt(out, priority);
        Bytes.writeVarInt(out, deliveryCount);
        out.writeByte((redelivered ? REDELIVERED : 0) | (ephemeral ? EPHEMERAL : 0));
        Bytes.writeVarInt(out, bodySize);
        return Bytes.toArrayAndRelease(out);
    }

    static EntryRecord decode(byte[] record) {
        ByteBuf in = Unpooled.wrappedBuffer(record);
        int version = Bytes.readByte(in) & 0xFF;
        if (version < FIRST_VERSION || version > VERSION) {
            throw new CorruptRecordException("queue entry record of codec version " + version
                    + "; this Sluice reads versions " + FIRST_VERSION + " to " + VERSION);
        }
        long messageId = Bytes.readLong(in);
        long expiresAt = Bytes.readLong(in);
        int priority = Bytes.readVarInt(in);
        int deliveryCount = Bytes.readVarInt(in);
        int flags = Bytes.readByte(in);
        int bodySize = version == FIRST_VERSION ? 0 : Bytes.readVarInt(in);
        return new EntryRecord(messageId, expiresAt, priority, deliveryCount, (flags & REDELIVERED) != 0, bodySize,
                (flags & EPHEMERAL) != 0);
    }

}
