package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code basic.publish} (class 60, method 40). Publishes a message; content (a header frame
 * and body frames) follows.
 *
 * <p>Reserved on the wire and left out here: reserved-1 (ticket), a short sent as 0. The decoder skips
 * it.
 *
 * <p>Threading: immutable.
 */
public record BasicPublish(String exchange, String routingKey, boolean mandatory,
                           boolean immediate) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.BASIC_PUBLISH;
    }

    static BasicPublish read(ArgumentReader in) {
        in.skipShort(); // reserved-1 (ticket)
        return new BasicPublish(in.readShortString(), in.readShortString(), in.readBit(), in.readBit());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeShort(0); // reserved-1 (ticket)
        out.writeShortString(exchange);
        out.writeShortString(routingKey);
        out.writeBit(mandatory);
        out.writeBit(immediate);
    }
}
