package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code tx.select-ok} (class 90, method 11). The channel is in transaction mode.
 *
 * <p>Threading: immutable.
 */
public record TxSelectOk() implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.TX_SELECT_OK;
    }

    static TxSelectOk read(ArgumentReader in) {
        return new TxSelectOk();
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
    }
}
