package dev.sluice.amqp091.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link FrameDecoder} on an {@link EmbeddedChannel} that remembers every input buffer, so a test
 * can check with {@link #releaseEverything()} that every reference (the inputs, the cumulation and every slice
 * handed out) was released.
 *
 * <p>Threading: single-threaded; the embedded channel runs on the calling thread.
 */
final class DecoderHarness implements AutoCloseable {
    final FrameDecoder decoder;
    final EmbeddedChannel channel;
    private final List<ByteBuf> inputs = new ArrayList<>();
    private final List<ByteBuf> heldBuffers = new ArrayList<>();
    private final List<Object> received = new ArrayList<>();

    DecoderHarness(boolean expectProtocolHeader) {
        decoder = new FrameDecoder(expectProtocolHeader);
        channel = new EmbeddedChannel(decoder);
    }

    DecoderHarness() {
        this(false);
    }

    /** Feeds a copy of {@code bytes[from, to)} as one read and returns everything decoded so far. */
    List<Object> feed(byte[] bytes, int from, int to) {
        ByteBuf input = Unpooled.buffer(to - from);
        input.writeBytes(bytes, from, to - from);
        inputs.add(input);
        channel.writeInbound(input);
        return drain();
    }

    List<Object> feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    /** Simulates the peer closing the connection. */
    List<Object> finish() {
        channel.finish();
        return drain();
    }

    private List<Object> drain() {
        for (Object message; (message = channel.readInbound()) != null; ) {
            if (message instanceof RefCountedBuffer holder) {
                heldBuffers.add(holder.buffer());
            }
            received.add(message);
        }
        return received;
    }

    /**
     * Releases every frame received (those the test did not release itself), finishes the channel,
     * and returns true when no buffer the decoder saw is still referenced.
     */
    boolean releaseEverything() {
        for (Object message : received) {
            if (message instanceof ReferenceCounted counted && counted.refCnt() > 0) {
                ReferenceCountUtil.release(message);
            }
        }
        received.clear();
        channel.finishAndReleaseAll();
        for (ByteBuf buffer : inputs) {
            if (buffer.refCnt() != 0) {
                return false;
            }
        }
        for (ByteBuf buffer : heldBuffers) {
            if (buffer.refCnt() != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        releaseEverything();
    }
}
