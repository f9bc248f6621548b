package dev.sluice.amqp091.codec;

/**
 * Bytes received from a peer could not be decoded. Carries the AMQP reply code the connection
 * should be closed with: {@link ReplyCodes#SYNTAX_ERROR} (502) by default, for a field that decoded
 * to an illegal value; {@link ReplyCodes#FRAME_ERROR} (501) through the subclass
 * {@link AmqpFrameException}, for data that ends early or does not fit its frame (which is also how
 * RabbitMQ answers method arguments it cannot decode); {@link ReplyCodes#NOT_IMPLEMENTED} (540) for a
 * method id the codec does not know; {@link ReplyCodes#UNEXPECTED_FRAME} (505) for a content header
 * of a class that has no content.
 *
 * <p>It is a protocol error signal, not a bug report, so it carries no stack trace.
 *
 * <p>Threading: immutable.
 */
public class AmqpSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int replyCode;

    /** An illegal value: reply code 502 SYNTAX_ERROR. */
    public AmqpSyntaxException(String message) {
        this(ReplyCodes.SYNTAX_ERROR, message);
    }

    public AmqpSyntaxException(int replyCode, String message) {
        super(message, null, false, false);
        this.replyCode = replyCode;
    }

    /** The reply code for the {@code connection.close} this error calls for. */
    public int replyCode() {
        return replyCode;
    }
}
