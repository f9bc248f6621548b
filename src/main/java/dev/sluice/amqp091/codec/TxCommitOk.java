package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code tx.commit-ok} (class 90, method 21). The transaction was committed.
 *
 * <p>Threading: immutable.
 */
public record TxCommitOk() implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.TX_COMMIT_OK;
    }

    static TxCommitOk read(ArgumentReader in) {
        return new TxCommitOk();
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
    }
}
