package dev.sluice.amqp091.codec;

import dev.sluice.core.message.MessageProperties;

/**
 * Encoded frames for the decoder tests, written by {@link FrameWriter}.
 *
 * <p>Threading: stateless.
 */
final class Frames {
    private Frames() {
    }

    static byte[] method(int channel, Method method) {
        return Buffers.written(buf -> FrameWriter.writeMethodFrame(buf, channel, method));
    }

    static byte[] header(int channel, long bodySize, MessageProperties properties) {
        return Buffers.written(buf -> FrameWriter.writeContentHeaderFrame(buf, channel, bodySize, properties));
    }

    static byte[] body(int channel, byte[] body) {
        return Buffers.written(buf -> buf.writeByte(FrameConstants.FRAME_BODY).writeShort(channel)
                .writeInt(body.length).writeBytes(body).writeByte(FrameConstants.FRAME_END));
    }

    static byte[] raw(int type, int channel, byte[] payload, int frameEnd) {
        return Buffers.written(buf -> buf.writeByte(type).writeShort(channel).writeInt(payload.length)
                .writeBytes(payload).writeByte(frameEnd));
    }

    static byte[] heartbeat() {
        return raw(FrameConstants.FRAME_HEARTBEAT, 0, new byte[0], FrameConstants.FRAME_END);
    }
}
