package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code connection.tune} (class 10, method 30). The server's proposed channel-max,
 * frame-max and heartbeat.
 *
 * <p>32-bit fields are unsigned on the wire and held in an {@code int}: values above
 * {@code Integer.MAX_VALUE} read as negative ({@link Integer#toUnsignedLong} recovers them).
 *
 * <p>Threading: immutable.
 */
public record ConnectionTune(int channelMax, int frameMax, int heartbeat) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.CONNECTION_TUNE;
    }

    static ConnectionTune read(ArgumentReader in) {
        return new ConnectionTune(in.readShort(), in.readLong(), in.readShort());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeShort(channelMax);
        out.writeLong(frameMax);
        out.writeShort(heartbeat);
    }
}
