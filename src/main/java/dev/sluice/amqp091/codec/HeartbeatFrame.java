package dev.sluice.amqp091.codec;

/**
 * A heartbeat frame (type 8, empty payload). The spec allows heartbeats on channel 0 only; the
 * decoder passes the channel on and leaves that check to the connection state machine.
 *
 * <p>Threading: immutable.
 */
public record HeartbeatFrame(int channel) implements Frame {
}
