package dev.sluice.amqp091.codec;

import dev.sluice.core.message.FieldValues;
import java.util.Map;

/**
 * AMQP 0-9-1 {@code exchange.bind} (class 40, method 30). RabbitMQ extension: binds an exchange to
 * another exchange.
 *
 * <p>Reserved on the wire and left out here: reserved-1 (ticket), a short sent as 0. The decoder skips
 * it.
 *
 * <p>The table is held as an unmodifiable copy; null becomes the empty table.
 *
 * <p>Threading: immutable.
 */
public record ExchangeBind(String destination, String source, String routingKey, boolean noWait,
                           Map<String, Object> arguments) implements Method {

    public ExchangeBind {
        arguments = FieldValues.immutableCopy(arguments == null ? Map.of() : arguments);
    }

    @Override
    public MethodKind kind() {
        return MethodKind.EXCHANGE_BIND;
    }

    static ExchangeBind read(ArgumentReader in) {
        in.skipShort(); // reserved-1 (ticket)
        return new ExchangeBind(
                in.readShortString(), in.readShortString(), in.readShortString(), in.readBit(),
                in.readTable());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeShort(0); // reserved-1 (ticket)
        out.writeShortString(destination);
        out.writeShortString(source);
        out.writeShortString(routingKey);
        out.writeBit(noWait);
        out.writeTable(arguments);
    }
}
