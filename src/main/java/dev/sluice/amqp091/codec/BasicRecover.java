package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code basic.recover} (class 60, method 110). Redelivers the channel's unacknowledged
 * messages.
 *
 * <p>Threading: immutable.
 */
public record BasicRecover(boolean requeue) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.BASIC_RECOVER;
    }

    static BasicRecover read(ArgumentReader in) {
        return new BasicRecover(in.readBit());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeBit(requeue);
    }
}
