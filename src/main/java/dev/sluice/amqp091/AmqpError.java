package dev.sluice.amqp091;

import dev.sluice.core.BrokerException;

/**
 * A protocol-level refusal on its way to the client: the reply code, RabbitMQ-style text
 * ({@code "NOT_FOUND - no queue 'q' in vhost '/'"}) and the method that caused it. Hard codes
 * close the connection, soft ones the channel.
 *
 * <p>Threading: immutable.
 */
public final class AmqpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int replyCode;
    private final String detail;
    private final int classId;
    private final int methodId;

    public AmqpError(int replyCode, String detail, int classId, int methodId) {
        super(ReplyCode.nameOf(replyCode) + " - " + detail, null, false, false);
        this.replyCode = replyCode;
        this.detail = detail;
        this.classId = classId;
        this.methodId = methodId;
    }

    public AmqpError(int replyCode, String detail) {
        this(replyCode, detail, 0, 0);
    }

    /** Translates a core refusal, naming the method that caused it. */
    public static AmqpError from(BrokerException e, int classId, int methodId) {
        return new AmqpError(e.kind().replyCode(), e.getMessage(), classId, methodId);
    }

    public int replyCode() {
        return replyCode;
    }

    /** The reply text: code name, dash, what was wrong. */
    public String replyText() {
        String text = getMessage();
        return text.length() > 255 ? text.substring(0, 255) : text;
    }

    public int classId() {
        return classId;
    }

    public int methodId() {
        return methodId;
    }

    public boolean isHard() {
        return ReplyCode.isHard(replyCode);
    }

    /** The same error attributed to a method, when it was raised without one. */
    public AmqpError during(int failedClassId, int failedMethodId) {
        return classId != 0 ? this : new AmqpError(replyCode, detail, failedClassId, failedMethodId);
    }
}
