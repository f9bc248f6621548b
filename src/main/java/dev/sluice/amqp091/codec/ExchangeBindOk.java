package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code exchange.bind-ok} (class 40, method 31). RabbitMQ extension: the
 * exchange-to-exchange binding was made.
 *
 * <p>Threading: immutable.
 */
public record ExchangeBindOk() implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.EXCHANGE_BIND_OK;
    }

    static ExchangeBindOk read(ArgumentReader in) {
        return new ExchangeBindOk();
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
    }
}
