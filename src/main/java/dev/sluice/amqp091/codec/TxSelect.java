package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code tx.select} (class 90, method 10). Puts the channel into transaction mode.
 *
 * <p>Threading: immutable.
 */
public record TxSelect() implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.TX_SELECT;
    }

    static TxSelect read(ArgumentReader in) {
        return new TxSelect();
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
    }
}
