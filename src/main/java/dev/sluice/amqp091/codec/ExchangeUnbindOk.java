package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code exchange.unbind-ok} (class 40, method 51). RabbitMQ extension: the
 * exchange-to-exchange binding was removed.
 *
 * <p>Threading: immutable.
 */
public record ExchangeUnbindOk() implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.EXCHANGE_UNBIND_OK;
    }

    static ExchangeUnbindOk read(ArgumentReader in) {
        return new ExchangeUnbindOk();
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
    }
}
