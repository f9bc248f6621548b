package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code connection.unblocked} (class 10, method 61). RabbitMQ extension: the server reads
 * from the connection again.
 *
 * <p>Threading: immutable.
 */
public record ConnectionUnblocked() implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.CONNECTION_UNBLOCKED;
    }

    static ConnectionUnblocked read(ArgumentReader in) {
        return new ConnectionUnblocked();
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
    }
}
