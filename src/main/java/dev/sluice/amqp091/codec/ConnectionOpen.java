package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code connection.open} (class 10, method 40). Opens the connection to a virtual host.
 *
 * <p>Reserved on the wire and left out here: reserved-1 (capabilities), a short string sent empty;
 * reserved-2 (insist), a bit sent as 0. The decoder skips them.
 *
 * <p>Threading: immutable.
 */
public record ConnectionOpen(String virtualHost) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.CONNECTION_OPEN;
    }

    static ConnectionOpen read(ArgumentReader in) {
        String virtualHost = in.readShortString();
        in.skipShortString(); // reserved-1 (capabilities)
        in.skipBit(); // reserved-2 (insist)
        return new ConnectionOpen(virtualHost);
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeShortString(virtualHost);
        out.writeShortString(""); // reserved-1 (capabilities)
        out.writeBit(false); // reserved-2 (insist)
    }
}
