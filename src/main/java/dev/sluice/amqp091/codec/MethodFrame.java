package dev.sluice.amqp091.codec;

/**
 * A method frame (type 1). When {@code method.hasContent()}, a {@link ContentHeaderFrame} and body
 * frames should follow on the same channel; the channel state machine checks that.
 *
 * <p>Threading: immutable.
 */
public record MethodFrame(int channel, Method method) implements Frame {
}
