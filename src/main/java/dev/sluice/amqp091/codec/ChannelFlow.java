package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code channel.flow} (class 20, method 20). Asks the peer to pause or resume sending
 * content.
 *
 * <p>Threading: immutable.
 */
public record ChannelFlow(boolean active) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.CHANNEL_FLOW;
    }

    static ChannelFlow read(ArgumentReader in) {
        return new ChannelFlow(in.readBit());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeBit(active);
    }
}
