package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code connection.tune-ok} (class 10, method 31). The values the client settled on.
 *
 * <p>32-bit fields are unsigned on the wire and held in an {@code int}: values above
 * {@code Integer.MAX_VALUE} read as negative ({@link Integer#toUnsignedLong} recovers them).
 *
 * <p>Threading: immutable.
 */
public record ConnectionTuneOk(int channelMax, int frameMax, int heartbeat) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.CONNECTION_TUNE_OK;
    }

    static ConnectionTuneOk read(ArgumentReader in) {
        return new ConnectionTuneOk(in.readShort(), in.readLong(), in.readShort());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeShort(channelMax);
        out.writeLong(frameMax);
        out.writeShort(heartbeat);
    }
}
