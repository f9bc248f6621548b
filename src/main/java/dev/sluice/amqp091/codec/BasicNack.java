package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code basic.nack} (class 60, method 120). RabbitMQ extension: rejects one or several
 * deliveries; sent by the server for negative publisher confirms.
 *
 * <p>Threading: immutable.
 */
public record BasicNack(long deliveryTag, boolean multiple, boolean requeue) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.BASIC_NACK;
    }

    static BasicNack read(ArgumentReader in) {
        return new BasicNack(in.readLongLong(), in.readBit(), in.readBit());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeLongLong(deliveryTag);
        out.writeBit(multiple);
        out.writeBit(requeue);
    }
}
