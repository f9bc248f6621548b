package dev.sluice.amqp091.codec;

/**
 * Frame-level constants of AMQP 0-9-1: frame types, the frame-end octet and sizes.
 *
 * <p>A frame is {@code type(1) channel(2) size(4) payload(size) frame-end(1)}; the 8 octets around
 * the payload are the frame overhead that {@code frame-max} includes.
 *
 * <p>Threading: constants only.
 */
public final class FrameConstants {
    public static final int FRAME_METHOD = 1;
    public static final int FRAME_HEADER = 2;
    public static final int FRAME_BODY = 3;
    public static final int FRAME_HEARTBEAT = 8;
    /** The octet that ends every frame. */
    public static final int FRAME_END = 0xCE;
    /** The smallest frame-max a peer may propose, and the limit in force until tuning is done. */
    public static final int FRAME_MIN_SIZE = 4096;
    /** Type, channel and size: the octets before a frame's payload. */
    public static final int FRAME_HEADER_SIZE = 7;
    /** Header plus frame-end: what a frame adds to its payload. */
    public static final int FRAME_OVERHEAD = FRAME_HEADER_SIZE + 1;
    /** The class id of {@code basic}, the only class whose methods carry content. */
    public static final int BASIC_CLASS_ID = 60;

    private FrameConstants() {
    }
}
