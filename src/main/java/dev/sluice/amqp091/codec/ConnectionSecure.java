package dev.sluice.amqp091.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * AMQP 0-9-1 {@code connection.secure} (class 10, method 20). A SASL challenge from the server.
 *
 * <p>The byte array is not copied: do not change it. Equality compares it by content, and
 * {@link #toString()} shows only its length, since it may hold credentials.
 *
 * <p>Threading: immutable.
 */
public record ConnectionSecure(byte[] challenge) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.CONNECTION_SECURE;
    }

    static ConnectionSecure read(ArgumentReader in) {
        return new ConnectionSecure(in.readLongStringBytes());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeLongString(challenge);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConnectionSecure o
                && Arrays.equals(challenge, o.challenge);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(challenge));
    }

    @Override
    public String toString() {
        return "ConnectionSecure[challenge=<" + (challenge == null ? 0 : challenge.length) + " octets>" + "]";
    }
}
