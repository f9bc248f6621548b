package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code basic.reject} (class 60, method 90). Rejects one delivery, requeueing it or
 * dead-lettering/dropping it.
 *
 * <p>Threading: immutable.
 */
public record BasicReject(long deliveryTag, boolean requeue) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.BASIC_REJECT;
    }

    static BasicReject read(ArgumentReader in) {
        return new BasicReject(in.readLongLong(), in.readBit());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeLongLong(deliveryTag);
        out.writeBit(requeue);
    }
}
