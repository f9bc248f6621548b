package dev.sluice.amqp091;

import dev.sluice.amqp091.codec.ReplyCodes;
import dev.sluice.amqp091.codec.BasicPublish;
import dev.sluice.amqp091.codec.ContentHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a basic.publish, its content header and its body frames into one message. Body frames
 * arrive as retained slices of the read buffer; a small body is copied into a buffer of its own
 * (so it pins no read buffer while it waits in a queue), a large one is kept as a composite of the
 * slices, without copying.
 *
 * <p>Threading: event-loop confined.
 */
final class ContentAssembler {
    /** A complete publish: the method, the header, and the body (the caller owns one reference). */
    record Assembled(BasicPublish method, ContentHeader header, ByteBuf body) {
    }

    private final int copyBelowBytes;
    private BasicPublish method;
    private ContentHeader header;
    private final List<ByteBuf> parts = new ArrayList<>(2);
    private long received;

    ContentAssembler(int copyBelowBytes) {
        this.copyBelowBytes = copyBelowBytes;
    }

    boolean expectingHeader() {
        return method != null && header == null;
    }

    boolean expectingBody() {
        return header != null;
    }

    boolean idle() {
        return method == null;
    }

    void start(BasicPublish publish) {
        method = publish;
    }

    /** Takes the header; returns the message when its body is empty. */
    Assembled header(ContentHeader h, ByteBufAllocator alloc) {
        header = h;
        return h.bodySize() == 0 ? complete(alloc) : null;
    }

    /**
     * Takes one body frame (the assembler keeps the reference); returns the message once the body
     * is complete. Throws 505 when the frame carries more than the header announced.
     */
    Assembled body(ByteBuf frame, ByteBufAllocator alloc) {
        received += frame.readableBytes();
        parts.add(frame);
        if (received > header.bodySize()) {
            throw new AmqpError(ReplyCodes.UNEXPECTED_FRAME, "content body longer than the " + header.bodySize()
                    + " bytes its header announced");
        }
        return received == header.bodySize() ? complete(alloc) : null;
    }

    private Assembled complete(ByteBufAllocator alloc) {
        ByteBuf body;
        if (parts.isEmpty()) {
            body = alloc.buffer(0, 0);
        } else if (received < copyBelowBytes) {
            body = alloc.buffer((int) received, (int) received);
            for (ByteBuf p : parts) {
                body.writeBytes(p, p.readerIndex(), p.readableBytes());
                p.release();
            }
        } else if (parts.size() == 1) {
            body = parts.get(0);
        } else {
            CompositeByteBuf composite = alloc.compositeBuffer(parts.size());
            composite.addComponents(true, parts);
            body = composite;
        }
        Assembled done = new Assembled(method, header, body);
        reset();
        return done;
    }

    private void reset() {
        parts.clear();
        method = null;
        header = null;
        received = 0;
    }

    /** Drops a half-received message (channel or connection closing). */
    void discard() {
        for (ByteBuf p : parts) {
            p.release();
        }
        if (header != null) {
            header.release();
        }
        reset();
    }
}
