package dev.sluice.amqp091.codec;

import dev.sluice.core.message.FieldValues;
import java.util.Map;

/**
 * AMQP 0-9-1 {@code basic.consume} (class 60, method 20). Starts a consumer on a queue.
 *
 * <p>Reserved on the wire and left out here: reserved-1 (ticket), a short sent as 0. The decoder skips
 * it.
 *
 * <p>The table is held as an unmodifiable copy; null becomes the empty table.
 *
 * <p>Threading: immutable.
 */
public record BasicConsume(String queue, String consumerTag, boolean noLocal, boolean noAck,
                           boolean exclusive, boolean noWait,
                           Map<String, Object> arguments) implements Method {

    public BasicConsume {
        arguments = FieldValues.immutableCopy(arguments == null ? Map.of() : arguments);
    }

    @Override
    public MethodKind kind() {
        return MethodKind.BASIC_CONSUME;
    }

    static BasicConsume read(ArgumentReader in) {
        in.skipShort(); // reserved-1 (ticket)
        return new BasicConsume(
                in.readShortString(), in.readShortString(), in.readBit(), in.readBit(), in.readBit(),
                in.readBit(), in.readTable());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeShort(0); // reserved-1 (ticket)
        out.writeShortString(queue);
        out.writeShortString(consumerTag);
        out.writeBit(noLocal);
        out.writeBit(noAck);
        out.writeBit(exclusive);
        out.writeBit(noWait);
        out.writeTable(arguments);
    }
}
