package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code queue.delete-ok} (class 50, method 41). How many messages were deleted with the
 * queue.
 *
 * <p>32-bit fields are unsigned on the wire and held in an {@code int}: values above
 * {@code Integer.MAX_VALUE} read as negative ({@link Integer#toUnsignedLong} recovers them).
 *
 * <p>Threading: immutable.
 */
public record QueueDeleteOk(int messageCount) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.QUEUE_DELETE_OK;
    }

    static QueueDeleteOk read(ArgumentReader in) {
        return new QueueDeleteOk(in.readLong());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeLong(messageCount);
    }
}
