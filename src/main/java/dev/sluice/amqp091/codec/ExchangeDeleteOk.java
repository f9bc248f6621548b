package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code exchange.delete-ok} (class 40, method 21). The exchange was deleted.
 *
 * <p>Threading: immutable.
 */
public record ExchangeDeleteOk() implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.EXCHANGE_DELETE_OK;
    }

    static ExchangeDeleteOk read(ArgumentReader in) {
        return new ExchangeDeleteOk();
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
    }
}
