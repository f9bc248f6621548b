package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code basic.deliver} (class 60, method 60). Delivers a message to a consumer; content
 * follows.
 *
 * <p>Threading: immutable.
 */
public record BasicDeliver(String consumerTag, long deliveryTag, boolean redelivered, String exchange,
                           String routingKey) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.BASIC_DELIVER;
    }

    static BasicDeliver read(ArgumentReader in) {
        return new BasicDeliver(
                in.readShortString(), in.readLongLong(), in.readBit(), in.readShortString(),
                in.readShortString());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeShortString(consumerTag);
        out.writeLongLong(deliveryTag);
        out.writeBit(redelivered);
        out.writeShortString(exchange);
        out.writeShortString(routingKey);
    }
}
