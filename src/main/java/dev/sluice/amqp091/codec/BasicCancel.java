package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code basic.cancel} (class 60, method 30). Ends a consumer (sent by the server too, for
 * RabbitMQ's consumer cancel notification).
 *
 * <p>Threading: immutable.
 */
public record BasicCancel(String consumerTag, boolean noWait) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.BASIC_CANCEL;
    }

    static BasicCancel read(ArgumentReader in) {
        return new BasicCancel(in.readShortString(), in.readBit());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeShortString(consumerTag);
        out.writeBit(noWait);
    }
}
