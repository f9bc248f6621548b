package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code basic.return} (class 60, method 50). Returns an unroutable mandatory message to
 * its publisher; content follows.
 *
 * <p>Threading: immutable.
 */
public record BasicReturn(int replyCode, String replyText, String exchange,
                          String routingKey) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.BASIC_RETURN;
    }

    static BasicReturn read(ArgumentReader in) {
        return new BasicReturn(
                in.readShort(), in.readShortString(), in.readShortString(), in.readShortString());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeShort(replyCode);
        out.writeShortString(replyText);
        out.writeShortString(exchange);
        out.writeShortString(routingKey);
    }
}
