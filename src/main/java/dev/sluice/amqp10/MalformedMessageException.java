package dev.sluice.amqp10;

/**
 * A transfer whose payload is not a well-formed AMQP 1.0 message; the delivery is rejected with
 * {@code amqp:decode-error}.
 *
 * <p>Threading: immutable.
 */
final class MalformedMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedMessageException(String message) {
        super(message, null, false, false);
    }
}
