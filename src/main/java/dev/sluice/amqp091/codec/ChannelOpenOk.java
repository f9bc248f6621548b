package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code channel.open-ok} (class 20, method 11). The channel is open.
 *
 * <p>Reserved on the wire and left out here: reserved-1 (channel-id), a long string sent empty. The
 * decoder skips it.
 *
 * <p>Threading: immutable.
 */
public record ChannelOpenOk() implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.CHANNEL_OPEN_OK;
    }

    static ChannelOpenOk read(ArgumentReader in) {
        in.skipLongString(); // reserved-1 (channel-id)
        return new ChannelOpenOk();
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeLongString(""); // reserved-1 (channel-id)
    }
}
