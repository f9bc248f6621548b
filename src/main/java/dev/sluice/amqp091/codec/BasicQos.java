package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code basic.qos} (class 60, method 10). Sets the prefetch window of the channel or of
 * its new consumers ({@code global}).
 *
 * <p>32-bit fields are unsigned on the wire and held in an {@code int}: values above
 * {@code Integer.MAX_VALUE} read as negative ({@link Integer#toUnsignedLong} recovers them).
 *
 * <p>Threading: immutable.
 */
public record BasicQos(int prefetchSize, int prefetchCount, boolean global) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.BASIC_QOS;
    }

    static BasicQos read(ArgumentReader in) {
        return new BasicQos(in.readLong(), in.readShort(), in.readBit());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeLong(prefetchSize);
        out.writeShort(prefetchCount);
        out.writeBit(global);
    }
}
