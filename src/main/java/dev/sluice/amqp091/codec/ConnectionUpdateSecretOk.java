package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code connection.update-secret-ok} (class 10, method 71). RabbitMQ extension: the new
 * secret was accepted.
 *
 * <p>Threading: immutable.
 */
public record ConnectionUpdateSecretOk() implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.CONNECTION_UPDATE_SECRET_OK;
    }

    static ConnectionUpdateSecretOk read(ArgumentReader in) {
        return new ConnectionUpdateSecretOk();
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
    }
}
