package dev.sluice.amqp10;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A node an AMQP 1.0 link or message names, parsed from its address.
 *
 * <p>RabbitMQ 4's address format v2: {@code /exchanges/:exchange/:key}, {@code /exchanges/:exchange}
 * (the routing key is each message's subject) and {@code /queues/:queue}, with percent-encoded
 * names ({@code amq.default} names the default exchange). Any other address that does not start
 * with a slash is a JMS-style plain name: a topic when the terminus has the {@code topic} (or
 * {@code temporary-topic}) capability, else a queue.
 *
 * <p>Threading: immutable.
 */
sealed interface Address {

    /** An exchange; a null {@code routingKey} means "take each message's subject". */
    record Exchange(String exchange, String routingKey) implements Address {
    }

    /** A queue; {@code plain} for a JMS name, which may be created on demand. */
    record Queue(String queue, boolean plain) implements Address {
    }

    /** A JMS topic: messages go to {@code amq.topic} with the name as routing key. */
    record Topic(String name) implements Address {
    }

    String EXCHANGES = "/exchanges/";
    String QUEUES = "/queues/";
    String DEFAULT_EXCHANGE_ALIAS = "amq.default";

    /**
     * Parses {@code address} with the terminus capabilities (null when none).
     *
     * @throws IllegalArgumentException with a client-readable reason when it is not a valid address
     */
    static Address parse(String address, List<String> capabilities) {
        if (address == null || address.isEmpty()) {
            throw new IllegalArgumentException("no address");
        }
        if (address.startsWith(EXCHANGES)) {
            String[] parts = address.substring(EXCHANGES.length()).split("/", -1);
            if (parts.length > 2 || parts[0].isEmpty()) {
                throw new IllegalArgumentException("bad address '" + address
                        + "': expected /exchanges/:exchange or /exchanges/:exchange/:key");
            }
            String exchange = decode(parts[0]);
            if (exchange.equals(DEFAULT_EXCHANGE_ALIAS)) {
                exchange = "";
            }
            return new Exchange(exchange, parts.length == 2 ? decode(parts[1]) : null);
        }
        if (address.startsWith(QUEUES)) {
            String rest = address.substring(QUEUES.length());
            if (rest.isEmpty() || rest.indexOf('/') >= 0) {
                throw new IllegalArgumentException("bad address '" + address + "': expected /queues/:queue");
            }
            return new Queue(decode(rest), false);
        }
        if (address.startsWith("/")) {
            throw new IllegalArgumentException("bad address '" + address
                    + "': expected /exchanges/:exchange[/:key], /queues/:queue or a plain queue or topic name");
        }
        if (capabilities != null && (capabilities.contains("topic") || capabilities.contains("temporary-topic"))) {
            return new Topic(address);
        }
        return new Queue(address, true);
    }

    /** {@code /queues/} and the percent-encoded queue name. */
    static String ofQueue(String queue) {
        return QUEUES + encode(queue);
    }

    /** Decodes percent-escapes (UTF-8); a malformed escape is an {@link IllegalArgumentException}. */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    throw new IllegalArgumentException("bad percent-encoding in '" + segment + "'");
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad percent-encoding in '" + segment + "'");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters. */
    static String encode(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
