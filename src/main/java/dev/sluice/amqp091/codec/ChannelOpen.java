package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code channel.open} (class 20, method 10). Opens a channel.
 *
 * <p>Reserved on the wire and left out here: reserved-1 (out-of-band), a short string sent empty. The
 * decoder skips it.
 *
 * <p>Threading: immutable.
 */
public record ChannelOpen() implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.CHANNEL_OPEN;
    }

    static ChannelOpen read(ArgumentReader in) {
        in.skipShortString(); // reserved-1 (out-of-band)
        return new ChannelOpen();
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeShortString(""); // reserved-1 (out-of-band)
    }
}
