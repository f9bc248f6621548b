package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code tx.rollback-ok} (class 90, method 31). The transaction was abandoned.
 *
 * <p>Threading: immutable.
 */
public record TxRollbackOk() implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.TX_ROLLBACK_OK;
    }

    static TxRollbackOk read(ArgumentReader in) {
        return new TxRollbackOk();
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
    }
}
