package dev.sluice.amqp091.codec;

/**
 * A decoded AMQP 0-9-1 frame, as {@link FrameDecoder} emits it. Content frames
 * ({@link ContentHeaderFrame}, {@link ContentBodyFrame}) hold a buffer reference the receiver must
 * release.
 *
 * <p>Threading: implementations are immutable apart from buffer reference counts.
 */
public sealed interface Frame permits MethodFrame, ContentHeaderFrame, ContentBodyFrame, HeartbeatFrame {

    /** The channel number, 0..65535; 0 is the connection itself. */
    int channel();
}
