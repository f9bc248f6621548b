package dev.sluice.amqp091.codec;

import dev.sluice.core.message.FieldValues;
import java.util.Map;

/**
 * AMQP 0-9-1 {@code queue.unbind} (class 50, method 50). Removes a binding of a queue to an exchange.
 *
 * <p>Reserved on the wire and left out here: reserved-1 (ticket), a short sent as 0. The decoder skips
 * it.
 *
 * <p>The table is held as an unmodifiable copy; null becomes the empty table.
 *
 * <p>Threading: immutable.
 */
public record QueueUnbind(String queue, String exchange, String routingKey,
                          Map<String, Object> arguments) implements Method {

    public QueueUnbind {
        arguments = FieldValues.immutableCopy(arguments == null ? Map.of() : arguments);
    }

    @Override
    public MethodKind kind() {
        return MethodKind.QUEUE_UNBIND;
    }

    static QueueUnbind read(ArgumentReader in) {
        in.skipShort(); // reserved-1 (ticket)
        return new QueueUnbind(
                in.readShortString(), in.readShortString(), in.readShortString(), in.readTable());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeShort(0); // reserved-1 (ticket)
        out.writeShortString(queue);
        out.writeShortString(exchange);
        out.writeShortString(routingKey);
        out.writeTable(arguments);
    }
}
