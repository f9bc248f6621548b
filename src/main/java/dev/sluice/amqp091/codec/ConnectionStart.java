package dev.sluice.amqp091.codec;

import dev.sluice.core.message.FieldValues;
import java.util.Map;

/**
 * AMQP 0-9-1 {@code connection.start} (class 10, method 10). The server's first method: protocol
 * version, properties, SASL mechanisms and locales.
 *
 * <p>The table is held as an unmodifiable copy; null becomes the empty table.
 *
 * <p>Threading: immutable.
 */
public record ConnectionStart(int versionMajor, int versionMinor, Map<String, Object> serverProperties,
                              String mechanisms, String locales) implements Method {

    public ConnectionStart {
        serverProperties = FieldValues.immutableCopy(serverProperties == null ? Map.of() : serverProperties);
    }

    @Override
    public MethodKind kind() {
        return MethodKind.CONNECTION_START;
    }

    static ConnectionStart read(ArgumentReader in) {
        return new ConnectionStart(
                in.readOctet(), in.readOctet(), in.readTable(), in.readLongString(), in.readLongString());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeOctet(versionMajor);
        out.writeOctet(versionMinor);
        out.writeTable(serverProperties);
        out.writeLongString(mechanisms);
        out.writeLongString(locales);
    }
}
