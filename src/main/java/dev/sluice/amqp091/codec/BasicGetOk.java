package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code basic.get-ok} (class 60, method 71). The fetched message; content follows.
 *
 * <p>32-bit fields are unsigned on the wire and held in an {@code int}: values above
 * {@code Integer.MAX_VALUE} read as negative ({@link Integer#toUnsignedLong} recovers them).
 *
 * <p>Threading: immutable.
 */
public record BasicGetOk(long deliveryTag, boolean redelivered, String exchange, String routingKey,
                         int messageCount) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.BASIC_GET_OK;
    }

    static BasicGetOk read(ArgumentReader in) {
        return new BasicGetOk(
                in.readLongLong(), in.readBit(), in.readShortString(), in.readShortString(), in.readLong());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeLongLong(deliveryTag);
        out.writeBit(redelivered);
        out.writeShortString(exchange);
        out.writeShortString(routingKey);
        out.writeLong(messageCount);
    }
}
