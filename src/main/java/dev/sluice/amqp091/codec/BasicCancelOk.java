package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code basic.cancel-ok} (class 60, method 31). The consumer ended.
 *
 * <p>Threading: immutable.
 */
public record BasicCancelOk(String consumerTag) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.BASIC_CANCEL_OK;
    }

    static BasicCancelOk read(ArgumentReader in) {
        return new BasicCancelOk(in.readShortString());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeShortString(consumerTag);
    }
}
