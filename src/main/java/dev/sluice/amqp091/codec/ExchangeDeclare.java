package dev.sluice.amqp091.codec;

import dev.sluice.core.message.FieldValues;
import java.util.Map;

/**
 * AMQP 0-9-1 {@code exchange.declare} (class 40, method 10). Creates an exchange, or checks one exists
 * ({@code passive}). Keeps {@code autoDelete} and {@code internal}, which the 0-9-1 spec reserved but
 * RabbitMQ and its clients use.
 *
 * <p>Reserved on the wire and left out here: reserved-1 (ticket), a short sent as 0. The decoder skips
 * it.
 *
 * <p>The table is held as an unmodifiable copy; null becomes the empty table.
 *
 * <p>Threading: immutable.
 */
public record ExchangeDeclare(String exchange, String type, boolean passive, boolean durable,
                              boolean autoDelete, boolean internal, boolean noWait,
                              Map<String, Object> arguments) implements Method {

    public ExchangeDeclare {
        arguments = FieldValues.immutableCopy(arguments == null ? Map.of() : arguments);
    }

    @Override
    public MethodKind kind() {
        return MethodKind.EXCHANGE_DECLARE;
    }

    static ExchangeDeclare read(ArgumentReader in) {
        in.skipShort(); // reserved-1 (ticket)
        return new ExchangeDeclare(
                in.readShortString(), in.readShortString(), in.readBit(), in.readBit(), in.readBit(),
                in.readBit(), in.readBit(), in.readTable());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeShort(0); // reserved-1 (ticket)
        out.writeShortString(exchange);
        out.writeShortString(type);
        out.writeBit(passive);
        out.writeBit(durable);
        out.writeBit(autoDelete);
        out.writeBit(internal);
        out.writeBit(noWait);
        out.writeTable(arguments);
    }
}
