package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code exchange.delete} (class 40, method 20). Deletes an exchange.
 *
 * <p>Reserved on the wire and left out here: reserved-1 (ticket), a short sent as 0. The decoder skips
 * it.
 *
 * <p>Threading: immutable.
 */
public record ExchangeDelete(String exchange, boolean ifUnused, boolean noWait) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.EXCHANGE_DELETE;
    }

    static ExchangeDelete read(ArgumentReader in) {
        in.skipShort(); // reserved-1 (ticket)
        return new ExchangeDelete(in.readShortString(), in.readBit(), in.readBit());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeShort(0); // reserved-1 (ticket)
        out.writeShortString(exchange);
        out.writeBit(ifUnused);
        out.writeBit(noWait);
    }
}
