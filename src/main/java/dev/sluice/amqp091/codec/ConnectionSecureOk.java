package dev.sluice.amqp091.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * AMQP 0-9-1 {@code connection.secure-ok} (class 10, method 21). The client's SASL response to a
 * challenge.
 *
 * <p>The byte array is not copied: do not change it. Equality compares it by content, and
 * {@link #toString()} shows only its length, since it may hold credentials.
 *
 * <p>Threading: immutable.
 */
public record ConnectionSecureOk(byte[] response) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.CONNECTION_SECURE_OK;
    }

    static ConnectionSecureOk read(ArgumentReader in) {
        return new ConnectionSecureOk(in.readLongStringBytes());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeLongString(response);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConnectionSecureOk o
                && Arrays.equals(response, o.response);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(response));
    }

    @Override
    public String toString() {
        return "ConnectionSecureOk[response=<" + (response == null ? 0 : response.length) + " octets>" + "]";
    }
}
