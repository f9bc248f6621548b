package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code queue.purge} (class 50, method 30). Removes a queue's ready messages.
 *
 * <p>Reserved on the wire and left out here: reserved-1 (ticket), a short sent as 0. The decoder skips
 * it.
 *
 * <p>Threading: immutable.
 */
public record QueuePurge(String queue, boolean noWait) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.QUEUE_PURGE;
    }

    static QueuePurge read(ArgumentReader in) {
        in.skipShort(); // reserved-1 (ticket)
        return new QueuePurge(in.readShortString(), in.readBit());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeShort(0); // reserved-1 (ticket)
        out.writeShortString(queue);
        out.writeBit(noWait);
    }
}
