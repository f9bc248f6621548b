package dev.sluice.amqp10;

import io.netty.buffer.ByteBuf;

/**
 * The sections of a message as an AMQP 1.0 publisher sent them, kept in {@code Message.encoded()}
 * so that 1.0 consumers get them unchanged: everything from {@code forwardFrom} to the end of
 * {@code payload} (message annotations, properties, application properties, body, footer). The
 * header and delivery annotations are not forwarded: the broker writes a header of its own for
 * each delivery (delivery count, TTL), and delivery annotations are for one hop only.
 *
 * <p>{@code payload} is the buffer the message's body is a slice of; it shares the body's
 * reference count, so it is valid exactly as long as the message holds its body. The core drops
 * this form whenever it changes a message (dead-lettering), and the MapDB store does not keep it:
 * such messages go to 1.0 consumers converted from their neutral properties.
 *
 * <p>Threading: immutable (the buffer is only read, through duplicates).
 */
record Amqp10Encoded(ByteBuf payload, int forwardFrom) {
    /** A view of the forwarded bytes; does not change {@code payload}'s indexes or reference count. */
    ByteBuf forwarded() {
        return payload.slice(forwardFrom, payload.capacity() - forwardFrom);
    }
}
