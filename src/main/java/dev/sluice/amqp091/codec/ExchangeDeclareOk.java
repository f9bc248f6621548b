package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code exchange.declare-ok} (class 40, method 11). The exchange was declared.
 *
 * <p>Threading: immutable.
 */
public record ExchangeDeclareOk() implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.EXCHANGE_DECLARE_OK;
    }

    static ExchangeDeclareOk read(ArgumentReader in) {
        return new ExchangeDeclareOk();
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
    }
}
