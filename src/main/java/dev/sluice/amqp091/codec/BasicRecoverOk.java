package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code basic.recover-ok} (class 60, method 111). Recovery is done.
 *
 * <p>Threading: immutable.
 */
public record BasicRecoverOk() implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.BASIC_RECOVER_OK;
    }

    static BasicRecoverOk read(ArgumentReader in) {
        return new BasicRecoverOk();
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
    }
}
