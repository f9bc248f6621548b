package dev.sluice.amqp091;

import dev.sluice.amqp091.codec.FieldTables;
import dev.sluice.core.message.FieldValues;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A user name and password read from a connection.start-ok response: SASL PLAIN
 * ({@code [authzid] NUL user NUL password}) or RabbitMQ's AMQPLAIN (a field table body with
 * {@code LOGIN} and {@code PASSWORD}).
 *
 * <p>Threading: immutable.
 */
record SaslCredentials(String user, String password) {

    /** Parses a response; null when it is malformed for the mechanism. */
    static SaslCredentials parse(String mechanism, byte[] response) {
        return switch (mechanism) {
            case "PLAIN" -> plain(response);
            case "AMQPLAIN" -> amqplain(response);
            default -> null;
        };
    }

    private static SaslCredentials plain(byte[] response) {
        int first = indexOf(response, 0);
        int second = first < 0 ? -1 : indexOf(response, first + 1);
        if (second < 0) {
            return null;
        }
        String user = new String(response, first + 1, second - first - 1, StandardCharsets.UTF_8);
        String password = new String(response, second + 1, response.length - second - 1, StandardCharsets.UTF_8);
        return new SaslCredentials(user, password);
    }

    private static SaslCredentials amqplain(byte[] response) {
        ByteBuf buf = Unpooled.buffer(response.length + 4);
        try {
            buf.writeInt(response.length).writeBytes(response);
            Map<String, Object> table = FieldTables.read(buf);
            String user = FieldValues.asString(table.get("LOGIN"));
            String password = FieldValues.asString(table.get("PASSWORD"));
            return user == null || password == null ? null : new SaslCredentials(user, password);
        } catch (RuntimeException e) {
            return null;
        } finally {
            buf.release();
        }
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
