package dev.sluice.amqp091.codec;

import dev.sluice.core.message.FieldValues;
import java.util.Map;

/**
 * AMQP 0-9-1 {@code queue.declare} (class 50, method 10). Creates a queue, or checks one exists
 * ({@code passive}).
 *
 * <p>Reserved on the wire and left out here: reserved-1 (ticket), a short sent as 0. The decoder skips
 * it.
 *
 * <p>The table is held as an unmodifiable copy; null becomes the empty table.
 *
 * <p>Threading: immutable.
 */
public record QueueDeclare(String queue, boolean passive, boolean durable, boolean exclusive,
                           boolean autoDelete, boolean noWait,
                           Map<String, Object> arguments) implements Method {

    public QueueDeclare {
        arguments = FieldValues.immutableCopy(arguments == null ? Map.of() : arguments);
    }

    @Override
    public MethodKind kind() {
        return MethodKind.QUEUE_DECLARE;
    }

    static QueueDeclare read(ArgumentReader in) {
        in.skipShort(); // reserved-1 (ticket)
        return new QueueDeclare(
                in.readShortString(), in.readBit(), in.readBit(), in.readBit(), in.readBit(), in.readBit(),
                in.readTable());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeShort(0); // reserved-1 (ticket)
        out.writeShortString(queue);
        out.writeBit(passive);
        out.writeBit(durable);
        out.writeBit(exclusive);
        out.writeBit(autoDelete);
        out.writeBit(noWait);
        out.writeTable(arguments);
    }
}
