package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code connection.blocked} (class 10, method 60). RabbitMQ extension: the server stopped
 * reading from the connection (a resource alarm).
 *
 * <p>Threading: immutable.
 */
public record ConnectionBlocked(String reason) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.CONNECTION_BLOCKED;
    }

    static ConnectionBlocked read(ArgumentReader in) {
        return new ConnectionBlocked(in.readShortString());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeShortString(reason);
    }
}
