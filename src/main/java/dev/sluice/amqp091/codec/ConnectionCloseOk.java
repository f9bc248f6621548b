package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code connection.close-ok} (class 10, method 51). Confirms a connection close.
 *
 * <p>Threading: immutable.
 */
public record ConnectionCloseOk() implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.CONNECTION_CLOSE_OK;
    }

    static ConnectionCloseOk read(ArgumentReader in) {
        return new ConnectionCloseOk();
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
    }
}
