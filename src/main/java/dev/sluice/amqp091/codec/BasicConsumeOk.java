package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code basic.consume-ok} (class 60, method 21). The consumer started; carries its tag
 * (chosen by the server when the client left it empty).
 *
 * <p>Threading: immutable.
 */
public record BasicConsumeOk(String consumerTag) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.BASIC_CONSUME_OK;
    }

    static BasicConsumeOk read(ArgumentReader in) {
        return new BasicConsumeOk(in.readShortString());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeShortString(consumerTag);
    }
}
