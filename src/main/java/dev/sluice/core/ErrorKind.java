package dev.sluice.core;

/**
 * Why the core refused an operation. Each kind carries the AMQP 0-9-1 reply code that RabbitMQ
 * uses for it, so the 0-9-1 adapter can close with the right code and the 1.0 adapter can map
 * it onto its own error conditions.
 *
 * <p>Threading: immutable.
 */
public enum ErrorKind {
    /** 403: internal exchange published to, reserved name, permission refused. */
    ACCESS_REFUSED(403, "ACCESS_REFUSED"),
    /** 404: exchange, queue or vhost missing. */
    NOT_FOUND(404, "NOT_FOUND"),
    /** 405: exclusive queue owned by another connection. */
    RESOURCE_LOCKED(405, "RESOURCE_LOCKED"),
    /** 406: inequivalent redeclare, if-unused / if-empty, invalid argument value. */
    PRECONDITION_FAILED(406, "PRECONDITION_FAILED"),
    /** 503: the operation is not valid in this state (e.g. binding the default exchange). */
    COMMAND_INVALID(503, "COMMAND_INVALID"),
    /** 530: not allowed by the server's configuration. */
    NOT_ALLOWED(530, "NOT_ALLOWED"),
    /** 540: a feature Sluice does not implement. */
    NOT_IMPLEMENTED(540, "NOT_IMPLEMENTED"),
    /** 541: an internal failure. */
    INTERNAL_ERROR(541, "INTERNAL_ERROR");

    private final int replyCode;
    private final String replyName;

    ErrorKind(int replyCode, String replyName) {
        this.replyCode = replyCode;
        this.replyName = replyName;
    }

    /** The AMQP 0-9-1 reply code. */
    public int replyCode() {
        return replyCode;
    }

    /** The AMQP 0-9-1 reply name, the prefix of RabbitMQ's reply text. */
    public String replyName() {
        return replyName;
    }
}
