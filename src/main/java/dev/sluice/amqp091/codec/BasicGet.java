package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code basic.get} (class 60, method 70). Fetches one message from a queue.
 *
 * <p>Reserved on the wire and left out here: reserved-1 (ticket), a short sent as 0. The decoder skips
 * it.
 *
 * <p>Threading: immutable.
 */
public record BasicGet(String queue, boolean noAck) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.BASIC_GET;
    }

    static BasicGet read(ArgumentReader in) {
        in.skipShort(); // reserved-1 (ticket)
        return new BasicGet(in.readShortString(), in.readBit());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeShort(0); // reserved-1 (ticket)
        out.writeShortString(queue);
        out.writeBit(noAck);
    }
}
