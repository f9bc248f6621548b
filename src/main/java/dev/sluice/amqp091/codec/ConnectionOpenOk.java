package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code connection.open-ok} (class 10, method 41). The virtual host is open.
 *
 * <p>Reserved on the wire and left out here: reserved-1 (known-hosts), a short string sent empty. The
 * decoder skips it.
 *
 * <p>Threading: immutable.
 */
public record ConnectionOpenOk() implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.CONNECTION_OPEN_OK;
    }

    static ConnectionOpenOk read(ArgumentReader in) {
        in.skipShortString(); // reserved-1 (known-hosts)
        return new ConnectionOpenOk();
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeShortString(""); // reserved-1 (known-hosts)
    }
}
