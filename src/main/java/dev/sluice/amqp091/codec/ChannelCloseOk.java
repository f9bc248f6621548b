package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code channel.close-ok} (class 20, method 41). Confirms a channel close.
 *
 * <p>Threading: immutable.
 */
public record ChannelCloseOk() implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.CHANNEL_CLOSE_OK;
    }

    static ChannelCloseOk read(ArgumentReader in) {
        return new ChannelCloseOk();
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
    }
}
