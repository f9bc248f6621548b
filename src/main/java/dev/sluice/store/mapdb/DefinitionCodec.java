package dev.sluice.store.mapdb;

import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.Destination;
import dev.sluice.core.routing.ExchangeDefinition;
import dev.sluice.core.routing.ExchangeType;
import dev.sluice.store.StoredDefinition;
import dev.sluice.store.StoredDefinition.BindingRecord;
import dev.sluice.store.StoredDefinition.ExchangeRecord;
import dev.sluice.store.StoredDefinition.QueueRecord;
import dev.sluice.store.StoredDefinition.VirtualHostRecord;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A definition as one binary record, codec version 1: u8 version, u8 kind, string vhost, then
 * <ul>
 * <li>kind 1, virtual host: nothing more;</li>
 * <li>kind 2, exchange: string name, string type, u8 flags (1 durable, 2 auto-delete,
 *     4 internal), table arguments;</li>
 * <li>kind 3, queue: string name, u8 flags (1 durable, 2 exclusive, 4 auto-delete), table
 *     arguments;</li>
 * <li>kind 4, binding: string source, u8 destination kind (1 queue, 2 exchange), string
 *     destination, string routing key, table arguments.</li>
 * </ul>
 *
 * <p>Threading: stateless.
 */
final class DefinitionCodec {
    static final int VERSION = 1;
    private static final int VHOST = 1;
    private static final int EXCHANGE = 2;
    private static final int QUEUE = 3;
    private static final int BINDING = 4;

    private DefinitionCodec() {
    }

    static byte[] encode(StoredDefinition definition) {
        ByteBuf out = Unpooled.buffer(64);
        out.writeByte(VERSION);
        if (definition instanceof VirtualHostRecord v) {
            out.writeByte(VHOST);
            Bytes.writeString(out, v.vhost());
        } else if (definition instanceof ExchangeRecord e) {
            writeExchange(out, e);
        } else if (definition instanceof QueueRecord q) {
            writeQueue(out, q);
        } else if (definition instanceof BindingRecord b) {
            writeBinding(out, b);
        }
        return Bytes.toArrayAndRelease(out);
    }

    private static void writeExchange(ByteBuf out, ExchangeRecord e) {
        ExchangeDefinition d = e.definition();
        out.writeByte(EXCHANGE);
        Bytes.writeString(out, e.vhost());
        Bytes.writeString(out, d.name());
        Bytes.writeString(out, d.type().wireName());
        out.writeByte(flags(d.durable(), d.autoDelete(), d.internal()));
        FieldValueCodec.writeTable(out, d.arguments());
    }

    private static void writeQueue(ByteBuf out, QueueRecord q) {
        QueueDefinition d = q.definition();
        out.writeByte(QUEUE);
        Bytes.writeString(out, q.vhost());
        Bytes.writeString(out, d.name());
        out.writeByte(flags(d.durable(), d.exclusive(), d.autoDelete()));
        FieldValueCodec.writeTable(out, d.arguments());
    }

    private static void writeBinding(ByteBuf out, BindingRecord b) {
        Binding d = b.binding();
        out.writeByte(BINDING);
        Bytes.writeString(out, b.vhost());
        Bytes.writeString(out, d.source());
        out.writeByte(d.destination().isQueue() ? 1 : 2);
        Bytes.writeString(out, d.destination().name());
        Bytes.writeString(out, d.routingKey());
        FieldValueCodec.writeTable(out, d.arguments());
    }

    static StoredDefinition decode(byte[] record) {
        ByteBuf in = Unpooled.wrappedBuffer(record);
        Bytes.expectVersion(in, VERSION, "definition");
        int kind = Bytes.readByte(in);
        String vhost = Bytes.readString(in);
        return switch (kind) {
            case VHOST -> new VirtualHostRecord(vhost);
            case EXCHANGE -> {
                String name = Bytes.readString(in);
                ExchangeType type = ExchangeType.fromWireName(Bytes.readString(in));
                int flags = Bytes.readByte(in);
                yield new ExchangeRecord(vhost, new ExchangeDefinition(name, type, has(flags, 1), has(flags, 2),
                        has(flags, 4), FieldValueCodec.readTable(in)));
            }
            case QUEUE -> {
                String name = Bytes.readString(in);
                int flags = Bytes.readByte(in);
                yield new QueueRecord(vhost, new QueueDefinition(name, has(flags, 1), has(flags, 2), has(flags, 4),
                        FieldValueCodec.readTable(in)));
            }
            case BINDING -> {
                String source = Bytes.readString(in);
                int destinationKind = Bytes.readByte(in);
                String destinationName = Bytes.readString(in);
                Destination destination = destinationKind == 1
                        ? Destination.queue(destinationName) : Destination.exchange(destinationName);
                yield new BindingRecord(vhost, new Binding(source, destination, Bytes.readString(in),
                        FieldValueCodec.readTable(in)));
            }
            default -> throw new CorruptRecordException("unknown definition kind " + kind);
        };
    }

    private static int flags(boolean first, boolean second, boolean third) {
        return (first ? 1 : 0) | (second ? 2 : 0) | (third ? 4 : 0);
    }

    private static boolean has(int flags, int bit) {
        return (flags & bit) != 0;
    }
}
