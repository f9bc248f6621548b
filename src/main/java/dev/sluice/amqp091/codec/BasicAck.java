package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code basic.ack} (class 60, method 80). Acknowledges one delivery, or all up to the tag
 * ({@code multiple}); sent by the server for publisher confirms.
 *
 * <p>Threading: immutable.
 */
public record BasicAck(long deliveryTag, boolean multiple) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.BASIC_ACK;
    }

    static BasicAck read(ArgumentReader in) {
        return new BasicAck(in.readLongLong(), in.readBit());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeLongLong(deliveryTag);
        out.writeBit(multiple);
    }
}
