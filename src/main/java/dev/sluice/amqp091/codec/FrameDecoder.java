package dev.sluice.amqp091.codec;

import static dev.sluice.amqp091.codec.FrameConstants.FRAME_BODY;
import static dev.sluice.amqp091.codec.FrameConstants.FRAME_END;
import static dev.sluice.amqp091.codec.FrameConstants.FRAME_HEADER;
import static dev.sluice.amqp091.codec.FrameConstants.FRAME_HEADER_SIZE;
import static dev.sluice.amqp091.codec.FrameConstants.FRAME_HEARTBEAT;
import static dev.sluice.amqp091.codec.FrameConstants.FRAME_METHOD;
import static dev.sluice.amqp091.codec.FrameConstants.FRAME_MIN_SIZE;
import static dev.sluice.amqp091.codec.FrameConstants.FRAME_OVERHEAD;

import dev.sluice.transport.ProtocolHeader;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the bytes of an AMQP 0-9-1 connection into frames,
 * {@code type(1) channel(2) size(4) payload(size) frame-end(0xCE)}, and emits one object per frame:
 * {@link MethodFrame}, {@link ContentHeaderFrame}, {@link ContentBodyFrame} (a retained slice of the
 * received bytes, not a copy) or {@link HeartbeatFrame}. Frames split across reads are put together
 * first; the size is checked as soon as the 7-octet frame header is in, so an oversized frame is
 * refused before it is buffered.
 *
 * <p>Bad input never throws. A frame larger than the frame-max in force, a wrong frame-end octet, an
 * unknown frame type, a heartbeat with a payload or a payload that does not decode produces one
 * {@link FrameError} (with the reply code and, for a method frame, the channel and method ids) and
 * from then on every further byte is discarded. Until {@link #setMaxFrameSize} is called the limit
 * is the spec's minimum frame-max, 4096 octets.
 *
 * <p>With {@code expectProtocolHeader}, the first 8 octets must be the AMQP 0-9-1 protocol header
 * {@code "AMQP" 0 0 9 1} (which the transport's sniffer passes on); they are checked and skipped.
 *
 * <p>Threading: one instance per connection, confined to that connection's event loop; call
 * {@link #setMaxFrameSize} from the event loop too (the adapter does so when it handles
 * {@code connection.tune-ok}).
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private boolean awaitingProtocolHeader;
    private long maxPayloadSize = FRAME_MIN_SIZE - FRAME_OVERHEAD;
    private int maxFrameSize = FRAME_MIN_SIZE;
    private boolean failed;

    /** A decoder for a stream that starts directly with frames. */
    public FrameDecoder() {
        this(false);
    }

    /**
     * @param expectProtocolHeader true when the stream starts with the 8-octet protocol header, which
     *        is then checked and skipped
     */
    public FrameDecoder(boolean expectProtocolHeader) {
        this.awaitingProtocolHeader = expectProtocolHeader;
    }

    /**
     * Sets the largest frame accepted from now on, frame header and frame end included (the
     * negotiated {@code frame-max}). 0 means no limit, as in {@code connection.tune}; otherwise it
     * must be at least 4096.
     */
    public void setMaxFrameSize(int maxFrameSize) {
        if (maxFrameSize != 0 && maxFrameSize < FRAME_MIN_SIZE) {
            throw new IllegalArgumentException("frame-max must be 0 or at least " + FRAME_MIN_SIZE + ": "
                    + maxFrameSize);
        }
        this.maxFrameSize = maxFrameSize;
        this.maxPayloadSize = maxFrameSize == 0 ? Integer.MAX_VALUE - FRAME_OVERHEAD
                : (long) maxFrameSize - FRAME_OVERHEAD;
    }

    /** The frame-max in force; 0 means no limit. */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /** True once a {@link FrameError} was emitted; all input is discarded from then on. */
    public boolean failed() {
        return failed;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
        } else if (awaitingProtocolHeader) {
            skipProtocolHeader(in, out);
        } else {
            decodeFrame(in, out);
        }
    }

    private void skipProtocolHeader(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < ProtocolHeader.LENGTH) {
            return;
        }
        if (!ProtocolHeader.AMQP_0_9_1.matches(in)) {
            fail(in, out, new FrameError(ReplyCodes.FRAME_ERROR, "expected the AMQP 0-9-1 protocol header"));
            return;
        }
        in.skipBytes(ProtocolHeader.LENGTH);
        awaitingProtocolHeader = false;
    }

    private void decodeFrame(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < FRAME_HEADER_SIZE) {
            return;
        }
        int start = in.readerIndex();
        int type = in.getUnsignedByte(start);
        int channel = in.getUnsignedShort(start + 1);
        long size = in.getUnsignedInt(start + 3);
        if (type != FRAME_METHOD && type != FRAME_HEADER && type != FRAME_BODY && type != FRAME_HEARTBEAT) {
            fail(in, out, new FrameError(channel, ReplyCodes.FRAME_ERROR, "unknown frame type " + type,
                    0, 0));
            return;
        }
        if (size > maxPayloadSize) {
            fail(in, out, new FrameError(channel, ReplyCodes.FRAME_ERROR, "frame payload of " + size
                    + " octets exceeds frame-max " + maxFrameSize, 0, 0));
            return;
        }
        int payloadSize = (int) size;
        if (in.readableBytes() < FRAME_OVERHEAD + payloadSize) {
            return;
        }
        int frameEnd = in.getUnsignedByte(start + FRAME_HEADER_SIZE + payloadSize);
        if (frameEnd != FRAME_END) {
            fail(in, out, new FrameError(channel, ReplyCodes.FRAME_ERROR,
                    "frame end octet 0x" + Integer.toHexString(frameEnd) + " instead of 0xce", 0, 0));
            return;
        }
        ByteBuf payload = in.slice(start + FRAME_HEADER_SIZE, payloadSize);
        in.skipBytes(FRAME_OVERHEAD + payloadSize);
        Object frame = decodePayload(type, channel, payload);
        if (frame instanceof FrameError error) {
            fail(in, out, error);
        } else {
            out.add(frame);
        }
    }

    /** A frame, or a {@link FrameError}; a body frame's payload comes back retained. */
    private static Object decodePayload(int type, int channel, ByteBuf payload) {
        try {
            switch (type) {
                case FRAME_METHOD:
                    return new MethodFrame(channel, MethodCodec.decode(payload));
                case FRAME_HEADER:
                    return new ContentHeaderFrame(channel, ContentHeader.decode(payload));
                case FRAME_BODY:
                    return new ContentBodyFrame(channel, payload.retain());
                default:
                    if (payload.isReadable()) {
                        throw new AmqpFrameException("heartbeat frame with a payload of "
                                + payload.readableBytes() + " octets");
                    }
                    return new HeartbeatFrame(channel);
            }
        } catch (AmqpSyntaxException e) {
            boolean method = type == FRAME_METHOD && payload.capacity() >= 4;
            return new FrameError(channel, e.replyCode(), e.getMessage(),
                    method ? payload.getUnsignedShort(0) : 0, method ? payload.getUnsignedShort(2) : 0);
        }
    }

    private void fail(ByteBuf in, List<Object> out, FrameError error) {
        failed = true;
        in.skipBytes(in.readableBytes());
        out.add(error);
    }
}
