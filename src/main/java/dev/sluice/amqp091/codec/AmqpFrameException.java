package dev.sluice.amqp091.codec;

/**
 * A frame or a value inside it could not be read at all: it ends before its declared length, a
 * length points past its end, octets are left over, the frame is larger than frame-max, its frame
 * end octet is wrong or its type is unknown. Reply code 501 FRAME_ERROR.
 *
 * <p>Threading: immutable.
 */
public class AmqpFrameException extends AmqpSyntaxException {
    private static final long serialVersionUID = 1L;

    public AmqpFrameException(String message) {
        super(ReplyCodes.FRAME_ERROR, message);
    }

    static AmqpFrameException truncated(String context, long needed, int remaining) {
        return new AmqpFrameException(context + ": truncated, needs " + needed + " octets but "
                + remaining + " remain");
    }
}
