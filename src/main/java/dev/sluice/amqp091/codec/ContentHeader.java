package dev.sluice.amqp091.codec;

import dev.sluice.core.message.MessageProperties;
import io.netty.buffer.ByteBuf;

/**
 * A decoded content header: {@code class-id(2) weight(2) body-size(8) property-flags property-list}.
 *
 * @param classId always 60 ({@code basic}), the only class with content
 * @param bodySize the total body size announced; unsigned on the wire, a larger value than
 *        {@code Long.MAX_VALUE} is refused when decoding
 * @param properties the decoded properties
 * @param rawProperties a retained slice of the property flags and property list exactly as received,
 *        which an adapter can forward unchanged (see {@link FrameWriter#contentMessage(
 *        io.netty.buffer.ByteBufAllocator, int, Method, ByteBuf, ByteBuf, int)}) when it did not change
 *        the properties. This header owns that reference: release the header (or the slice) once.
 *
 * <p>Threading: immutable apart from the buffer's reference count, which is atomic.
 */
public record ContentHeader(int classId, long bodySize, MessageProperties properties, ByteBuf rawProperties)
        implements RefCountedBuffer {
    private static final String CONTEXT = "content header";

    /**
     * Decodes a whole content header frame payload. Throws {@link AmqpSyntaxException}: 505
     * UNEXPECTED_FRAME for a class other than basic, 502 for a non-zero weight or bad properties, 501
     * for a body size over {@code Long.MAX_VALUE} or data that ends early.
     */
    public static ContentHeader decode(ByteBuf payload) {
        int classId = Wire.readShort(payload, CONTEXT);
        int weight = Wire.readShort(payload, CONTEXT);
        long bodySize = Wire.readLongLong(payload, CONTEXT);
        if (classId != FrameConstants.BASIC_CLASS_ID) {
            throw new AmqpSyntaxException(ReplyCodes.UNEXPECTED_FRAME,
                    CONTEXT + " for class " + classId + ", but only basic (60) has content");
        }
        if (weight != 0) {
            throw new AmqpSyntaxException(CONTEXT + ": weight must be 0, was " + weight);
        }
        if (bodySize < 0) {
            throw new AmqpFrameException(CONTEXT + ": body size " + Long.toUnsignedString(bodySize)
                    + " is too large");
        }
        int start = payload.readerIndex();
        int length = payload.readableBytes();
        MessageProperties properties = BasicProperties.read(payload);
        return new ContentHeader(classId, bodySize, properties, payload.retainedSlice(start, length));
    }

    @Override
    public ByteBuf buffer() {
        return rawProperties;
    }

    @Override
    public String toString() {
        return "ContentHeader[classId=" + classId + ", bodySize=" + bodySize + ", properties=" + properties
                + ", rawProperties=<" + rawProperties.readableBytes() + " octets>]";
    }
}
