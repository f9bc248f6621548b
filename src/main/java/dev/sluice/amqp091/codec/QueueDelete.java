package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code queue.delete} (class 50, method 40). Deletes a queue.
 *
 * <p>Reserved on the wire and left out here: reserved-1 (ticket), a short sent as 0. The decoder skips
 * it.
 *
 * <p>Threading: immutable.
 */
public record QueueDelete(String queue, boolean ifUnused, boolean ifEmpty, boolean noWait) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.QUEUE_DELETE;
    }

    static QueueDelete read(ArgumentReader in) {
        in.skipShort(); // reserved-1 (ticket)
        return new QueueDelete(in.readShortString(), in.readBit(), in.readBit(), in.readBit());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeShort(0); // reserved-1 (ticket)
        out.writeShortString(queue);
        out.writeBit(ifUnused);
        out.writeBit(ifEmpty);
        out.writeBit(noWait);
    }
}
