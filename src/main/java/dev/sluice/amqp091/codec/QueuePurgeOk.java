package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code queue.purge-ok} (class 50, method 31). How many messages the purge removed.
 *
 * <p>32-bit fields are unsigned on the wire and held in an {@code int}: values above
 * {@code Integer.MAX_VALUE} read as negative ({@link Integer#toUnsignedLong} recovers them).
 *
 * <p>Threading: immutable.
 */
public record QueuePurgeOk(int messageCount) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.QUEUE_PURGE_OK;
    }

    static QueuePurgeOk read(ArgumentReader in) {
        return new QueuePurgeOk(in.readLong());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeLong(messageCount);
    }
}
