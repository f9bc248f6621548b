package dev.sluice.core;

/**
 * An operation refused by the core, with the kind of refusal and a message that says what was
 * wrong in words a client's developer understands (RabbitMQ's style: "no queue 'x' in vhost '/'").
 *
 * <p>Threading: immutable.
 */
public final class BrokerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;

    public BrokerException(ErrorKind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }

    /** {@code "NOT_FOUND - no queue 'q' in vhost '/'"}: the reply text RabbitMQ clients expect. */
    public String replyText() {
        return kind.replyName() + " - " + getMessage();
    }

    public static BrokerException notFound(String what, String name, String vhost) {
        return new BrokerException(ErrorKind.NOT_FOUND,
                "no " + what + " '" + name + "' in vhost '" + vhost + "'");
    }

    public static BrokerException precondition(String message) {
        return new BrokerException(ErrorKind.PRECONDITION_FAILED, message);
    }

    public static BrokerException accessRefused(String message) {
        return new BrokerException(ErrorKind.ACCESS_REFUSED, message);
    }
}
