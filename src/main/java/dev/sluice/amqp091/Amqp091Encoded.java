package dev.sluice.amqp091;

/**
 * The content-header property bytes exactly as an AMQP 0-9-1 publisher sent them (property flags
 * and property list), kept in {@code Message.encoded()} so deliveries to 0-9-1 consumers send
 * them on unchanged. A copy of a few dozen bytes, so a waiting message pins no read buffer.
 *
 * <p>Threading: immutable (the array is never written after construction).
 */
record Amqp091Encoded(byte[] propertyBytes) {
}
