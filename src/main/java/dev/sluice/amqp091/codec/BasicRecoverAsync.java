package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code basic.recover-async} (class 60, method 100). Deprecated asynchronous form of
 * recover.
 *
 * <p>Threading: immutable.
 */
public record BasicRecoverAsync(boolean requeue) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.BASIC_RECOVER_ASYNC;
    }

    static BasicRecoverAsync read(ArgumentReader in) {
        return new BasicRecoverAsync(in.readBit());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeBit(requeue);
    }
}
