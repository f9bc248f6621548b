package dev.sluice.amqp091.codec;

import static dev.sluice.amqp091.codec.FrameConstants.BASIC_CLASS_ID;
import static dev.sluice.amqp091.codec.FrameConstants.FRAME_BODY;
import static dev.sluice.amqp091.codec.FrameConstants.FRAME_END;
import static dev.sluice.amqp091.codec.FrameConstants.FRAME_HEADER;
import static dev.sluice.amqp091.codec.FrameConstants.FRAME_HEARTBEAT;
import static dev.sluice.amqp091.codec.FrameConstants.FRAME_METHOD;
import static dev.sluice.amqp091.codec.FrameConstants.FRAME_MIN_SIZE;
import static dev.sluice.amqp091.codec.FrameConstants.FRAME_OVERHEAD;

import dev.sluice.core.message.MessageProperties;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.util.function.Consumer;

/**
 * Writes AMQP 0-9-1 frames: single method frames, content header frames, heartbeats, and whole
 * content messages (method frame, header frame, body frames) whose body is not copied.
 *
 * <p>A value that does not fit the wire (a short string over 255 octets, a header value of no AMQP
 * type, a channel outside 0..65535) throws {@link IllegalArgumentException}; the methods that write
 * into a given buffer then leave nothing written, and the ones that return a buffer release what
 * they allocated.
 *
 * <p>Threading: stateless; the buffers passed in belong to the caller's thread.
 */
public final class FrameWriter {
    private static final byte[] HEARTBEAT = {FRAME_HEARTBEAT, 0, 0, 0, 0, 0, 0, (byte) FRAME_END};
    /** Room for a method frame and a header frame with typical properties, before any growth. */
    private static final int TYPICAL_FRAMING_SIZE = 256;

    private FrameWriter() {
    }

    /** A new read-only 8-octet heartbeat frame (channel 0), for writing to a channel. */
    public static ByteBuf heartbeat() {
        return Unpooled.wrappedBuffer(HEARTBEAT).asReadOnly();
    }

    /** Writes one method frame. */
    public static void writeMethodFrame(ByteBuf out, int channel, Method method) {
        writeFrame(out, FRAME_METHOD, channel, payload -> MethodCodec.encode(method, payload));
    }

    /** A new buffer from {@code alloc} holding one method frame; the caller owns it. */
    public static ByteBuf methodFrame(ByteBufAllocator alloc, int channel, Method method) {
        ByteBuf out = alloc.buffer(TYPICAL_FRAMING_SIZE);
        try {
            writeMethodFrame(out, channel, method);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /** Writes a content header frame for class basic, encoding the properties. */
    public static void writeContentHeaderFrame(ByteBuf out, int channel, long bodySize,
                                               MessageProperties properties) {
        writeFrame(out, FRAME_HEADER, channel, payload -> {
            writeHeaderStart(payload, bodySize);
            BasicProperties.write(payload, properties);
        });
    }

    /**
     * Writes a content header frame for class basic whose property flags and list are copied from
     * {@code rawProperties} (such as {@link ContentHeader#rawProperties()}), which is neither moved
     * nor released.
     */
    public static void writeContentHeaderFrame(ByteBuf out, int channel, long bodySize,
                                               ByteBuf rawProperties) {
        writeFrame(out, FRAME_HEADER, channel, payload -> {
            writeHeaderStart(payload, bodySize);
            payload.writeBytes(rawProperties, rawProperties.readerIndex(), rawProperties.readableBytes());
        });
    }

    /**
     * A whole content message: the method frame, a header frame with the encoded properties, and
     * the body's readable bytes split into body frames of at most {@code frameMax - 8} octets (no body
     * frame for an empty body). The body is not copied: the result holds retained slices of it, and
     * the caller keeps its own reference and the body's indexes unchanged.
     *
     * @param frameMax the negotiated frame-max: 0 (no limit) or at least 4096
     * @return a new composite buffer the caller owns (write it to the channel, which releases it)
     */
    public static CompositeByteBuf contentMessage(ByteBufAllocator alloc, int channel, Method method,
                                                  MessageProperties properties, ByteBuf body, int frameMax) {
        return contentMessage(alloc, channel, method, body, frameMax,
                framing -> writeContentHeaderFrame(framing, channel, body.readableBytes(), properties));
    }

    /**
     * As {@link #contentMessage(ByteBufAllocator, int, Method, MessageProperties, ByteBuf, int)}, with
     * the property flags and list copied from {@code rawProperties} (the fast path for properties
     * forwarded unchanged); {@code rawProperties} is neither moved nor released.
     */
    public static CompositeByteBuf contentMessage(ByteBufAllocator alloc, int channel, Method method,
                                                  ByteBuf rawProperties, ByteBuf body, int frameMax) {
        return contentMessage(alloc, channel, method, body, frameMax,
                framing -> writeContentHeaderFrame(framing, channel, body.readableBytes(), rawProperties));
    }

    /**
     * A whole content message in one new buffer: the method frame, a header frame with the
     * property flags and list {@code rawProperties} (as received from a publisher), and one body
     * frame holding a copy of the body's readable bytes (none for an empty body). For small bodies,
     * where a copy costs less than slices; the body must fit one frame of the negotiated frame-max.
     * The body's reference and indexes are left as they were.
     *
     * @return a new buffer the caller owns
     */
    public static ByteBuf copiedContentMessage(ByteBufAllocator alloc, int channel, Method method,
                                               byte[] rawProperties, ByteBuf body) {
        return copiedContentMessage(alloc, channel, method, body, rawProperties.length, framing -> {
            writeHeaderStart(framing, body.readableBytes());
            framing.writeBytes(rawProperties);
        });
    }

    /** As {@link #copiedContentMessage(ByteBufAllocator, int, Method, byte[], ByteBuf)}, encoding the properties. */
    public static ByteBuf copiedContentMessage(ByteBufAllocator alloc, int channel, Method method,
                                               MessageProperties properties, ByteBuf body) {
        return copiedContentMessage(alloc, channel, method, body, 0, framing -> {
            writeHeaderStart(framing, body.readableBytes());
            BasicProperties.write(framing, properties);
        });
    }

    private static ByteBuf copiedContentMessage(ByteBufAllocator alloc, int channel, Method method, ByteBuf body,
                                                int propertiesSize, Consumer<ByteBuf> headerPayload) {
        if (!method.hasContent()) {
            throw new IllegalArgumentException(method.name() + " carries no content");
        }
        int bodyLength = body.readableBytes();
        ByteBuf out = alloc.buffer(TYPICAL_FRAMING_SIZE + propertiesSize + bodyLength + FRAME_OVERHEAD);
        try {
            writeMethodFrame(out, channel, method);
            writeFrame(out, FRAME_HEADER, channel, headerPayload);
            if (bodyLength > 0) {
                writeFrameStart(out, FRAME_BODY, channel, bodyLength);
                out.writeBytes(body, body.readerIndex(), bodyLength);
                out.writeByte(FRAME_END);
            }
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private static void writeFrameStart(ByteBuf out, int type, int channel, int payloadSize) {
        if (channel < 0 || channel > 0xFFFF) {
            throw new IllegalArgumentException("channel must be 0..65535: " + channel);
        }
        out.writeByte(type);
        out.writeShort(channel);
        out.writeInt(payloadSize);
    }

    private static CompositeByteBuf contentMessage(ByteBufAllocator alloc, int channel, Method method,
                                                   ByteBuf body, int frameMax, Consumer<ByteBuf> headerFrame) {
        if (!method.hasContent()) {
            throw new IllegalArgumentException(method.name() + " carries no content");
        }
        int bodyLength = body.readableBytes();
        int chunkSize = maxBodyChunk(frameMax);
        int chunks = bodyLength == 0 ? 0 : (int) ((bodyLength + (long) chunkSize - 1) / chunkSize);
        ByteBuf framing = alloc.buffer(TYPICAL_FRAMING_SIZE + chunks * FRAME_OVERHEAD);
        CompositeByteBuf message = alloc.compositeBuffer(Math.max(1, 2 * chunks + 1));
        try {
            writeMethodFrame(framing, channel, method);
            headerFrame.accept(framing);
            // All framing octets fit now, so the buffer never grows under the slices taken below.
            framing.ensureWritable(chunks * FRAME_OVERHEAD + 1);
            int framed = 0;
            for (int i = 0; i < chunks; i++) {
                int length = Math.min(chunkSize, bodyLength - i * chunkSize);
                framing.writeByte(FRAME_BODY);
                framing.writeShort(channel);
                framing.writeInt(length);
                message.addComponent(true, framing.retainedSlice(framed, framing.writerIndex() - framed));
                message.addComponent(true, body.retainedSlice(body.readerIndex() + i * chunkSize, length));
                framed = framing.writerIndex();
                framing.writeByte(FRAME_END);
            }
            message.addComponent(true, framing.retainedSlice(framed, framing.writerIndex() - framed));
            return message;
        } catch (RuntimeException e) {
            message.release();
            throw e;
        } finally {
            framing.release();
        }
    }

    private static int maxBodyChunk(int frameMax) {
        if (frameMax == 0) {
            return Integer.MAX_VALUE - FRAME_OVERHEAD;
        }
        if (frameMax < FRAME_MIN_SIZE) {
            throw new IllegalArgumentException(
                    "frame-max must be 0 or at least " + FRAME_MIN_SIZE + ": " + frameMax);
        }
        return frameMax - FRAME_OVERHEAD;
    }

    private static void writeHeaderStart(ByteBuf payload, long bodySize) {
        if (bodySize < 0) {
            throw new IllegalArgumentException("negative body size " + bodySize);
        }
        payload.writeShort(BASIC_CLASS_ID);
        payload.writeShort(0); // weight, unused
        payload.writeLong(bodySize);
    }

    private static void writeFrame(ByteBuf out, int type, int channel, Consumer<ByteBuf> payloadWriter) {
        if (channel < 0 || channel > 0xFFFF) {
            throw new IllegalArgumentException("channel must be 0..65535: " + channel);
        }
        Wire.writeOrRollBack(out, buf -> {
            buf.writeByte(type);
            buf.writeShort(channel);
            Wire.writeLengthPrefixed(buf, payloadWriter);
            buf.writeByte(FRAME_END);
        });
    }
}
