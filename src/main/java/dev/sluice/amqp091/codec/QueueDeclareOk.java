package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code queue.declare-ok} (class 50, method 11). The queue's name (chosen by the server
 * when the client left it empty) and its counts.
 *
 * <p>32-bit fields are unsigned on the wire and held in an {@code int}: values above
 * {@code Integer.MAX_VALUE} read as negative ({@link Integer#toUnsignedLong} recovers them).
 *
 * <p>Threading: immutable.
 */
public record QueueDeclareOk(String queue, int messageCount, int consumerCount) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.QUEUE_DECLARE_OK;
    }

    static QueueDeclareOk read(ArgumentReader in) {
        return new QueueDeclareOk(in.readShortString(), in.readLong(), in.readLong());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeShortString(queue);
        out.writeLong(messageCount);
        out.writeLong(consumerCount);
    }
}
