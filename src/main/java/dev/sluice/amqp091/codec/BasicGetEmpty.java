package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code basic.get-empty} (class 60, method 72). The queue had no message to fetch.
 *
 * <p>Reserved on the wire and left out here: reserved-1 (cluster-id), a short string sent empty. The
 * decoder skips it.
 *
 * <p>Threading: immutable.
 */
public record BasicGetEmpty() implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.BASIC_GET_EMPTY;
    }

    static BasicGetEmpty read(ArgumentReader in) {
        in.skipShortString(); // reserved-1 (cluster-id)
        return new BasicGetEmpty();
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeShortString(""); // reserved-1 (cluster-id)
    }
}
