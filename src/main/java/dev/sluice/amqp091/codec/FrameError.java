package dev.sluice.amqp091.codec;

/**
 * What {@link FrameDecoder} emits instead of a frame when the peer sent bytes it cannot decode. The
 * decoder emits at most one and discards all input after it: the adapter should answer with
 * {@code connection.close(replyCode, text, failedClassId, failedMethodId)} and close the socket.
 *
 * @param channel the channel of the bad frame, or 0 when the frame header itself was bad
 * @param replyCode 501 FRAME_ERROR, 502 SYNTAX_ERROR, 505 UNEXPECTED_FRAME or 540 NOT_IMPLEMENTED
 *        (see {@link ReplyCodes})
 * @param text a short explanation for the reply text
 * @param failedClassId the class id of the method frame that failed to decode, else 0
 * @param failedMethodId the method id of the method frame that failed to decode, else 0
 *
 * <p>Threading: immutable.
 */
public record FrameError(int channel, int replyCode, String text, int failedClassId, int failedMethodId) {

    /** An error on channel 0 that no method caused. */
    public FrameError(int replyCode, String text) {
        this(0, replyCode, text, 0, 0);
    }
}
