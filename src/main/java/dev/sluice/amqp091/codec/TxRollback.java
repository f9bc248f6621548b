package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code tx.rollback} (class 90, method 30). Abandons the current transaction.
 *
 * <p>Threading: immutable.
 */
public record TxRollback() implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.TX_ROLLBACK;
    }

    static TxRollback read(ArgumentReader in) {
        return new TxRollback();
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
    }
}
