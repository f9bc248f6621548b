package dev.sluice.amqp091.codec;

import dev.sluice.core.message.FieldValues;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * AMQP 0-9-1 {@code connection.start-ok} (class 10, method 11). The client's answer to start: its
 * properties, the SASL mechanism and initial response, its locale.
 *
 * <p>The table is held as an unmodifiable copy; null becomes the empty table.
 *
 * <p>The byte array is not copied: do not change it. Equality compares it by content, and
 * {@link #toString()} shows only its length, since it may hold credentials.
 *
 * <p>Threading: immutable.
 */
public record ConnectionStartOk(Map<String, Object> clientProperties, String mechanism, byte[] response,
                                String locale) implements Method {

    public ConnectionStartOk {
        clientProperties = FieldValues.immutableCopy(clientProperties == null ? Map.of() : clientProperties);
    }

    @Override
    public MethodKind kind() {
        return MethodKind.CONNECTION_START_OK;
    }

    static ConnectionStartOk read(ArgumentReader in) {
        return new ConnectionStartOk(
                in.readTable(), in.readShortString(), in.readLongStringBytes(), in.readShortString());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeTable(clientProperties);
        out.writeShortString(mechanism);
        out.writeLongString(response);
        out.writeShortString(locale);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConnectionStartOk o
                && Objects.equals(clientProperties, o.clientProperties)
                && Objects.equals(mechanism, o.mechanism)
                && Arrays.equals(response, o.response)
                && Objects.equals(locale, o.locale);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientProperties, mechanism, Arrays.hashCode(response), locale);
    }

    @Override
    public String toString() {
        return "ConnectionStartOk[clientProperties=" + clientProperties
                + ", mechanism=" + mechanism
                + ", response=<" + (response == null ? 0 : response.length) + " octets>"
                + ", locale=" + locale + "]";
    }
}
