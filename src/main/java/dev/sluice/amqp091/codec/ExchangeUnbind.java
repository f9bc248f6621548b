package dev.sluice.amqp091.codec;

import dev.sluice.core.message.FieldValues;
import java.util.Map;

/**
 * AMQP 0-9-1 {@code exchange.unbind} (class 40, method 40). RabbitMQ extension: removes an
 * exchange-to-exchange binding.
 *
 * <p>Reserved on the wire and left out here: reserved-1 (ticket), a short sent as 0. The decoder skips
 * it.
 *
 * <p>The table is held as an unmodifiable copy; null becomes the empty table.
 *
 * <p>Threading: immutable.
 */
public record ExchangeUnbind(String destination, String source, String routingKey, boolean noWait,
                             Map<String, Object> arguments) implements Method {

    public ExchangeUnbind {
        arguments = FieldValues.immutableCopy(arguments == null ? Map.of() : arguments);
    }

    @Override
    public MethodKind kind() {
        return MethodKind.EXCHANGE_UNBIND;
    }

    static ExchangeUnbind read(ArgumentReader in) {
        in.skipShort(); // reserved-1 (ticket)
        return new ExchangeUnbind(
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
