package dev.sluice.amqp091.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * AMQP 0-9-1 {@code connection.update-secret} (class 10, method 70). RabbitMQ extension: the client
 * replaces its credentials (such as an OAuth 2 token).
 *
 * <p>The byte array is not copied: do not change it. Equality compares it by content, and
 * {@link #toString()} shows only its length, since it may hold credentials.
 *
 * <p>Threading: immutable.
 */
public record ConnectionUpdateSecret(byte[] newSecret, String reason) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.CONNECTION_UPDATE_SECRET;
    }

    static ConnectionUpdateSecret read(ArgumentReader in) {
        return new ConnectionUpdateSecret(in.readLongStringBytes(), in.readShortString());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeLongString(newSecret);
        out.writeShortString(reason);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConnectionUpdateSecret o
                && Arrays.equals(newSecret, o.newSecret)
                && Objects.equals(reason, o.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(newSecret), reason);
    }

    @Override
    public String toString() {
        return "ConnectionUpdateSecret[newSecret=<" + (newSecret == null ? 0 : newSecret.length) + " octets>"
                + ", reason=" + reason + "]";
    }
}
