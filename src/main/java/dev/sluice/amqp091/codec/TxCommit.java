package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code tx.commit} (class 90, method 20). Commits the current transaction.
 *
 * <p>Threading: immutable.
 */
public record TxCommit() implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.TX_COMMIT;
    }

    static TxCommit read(ArgumentReader in) {
        return new TxCommit();
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
    }
}
