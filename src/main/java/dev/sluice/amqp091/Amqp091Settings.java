package dev.sluice.amqp091;

import dev.sluice.security.AuthSettings;
import java.util.Objects;

/**
 * What the AMQP 0-9-1 endpoint offers in connection.tune and enforces afterwards. Defaults are
 * RabbitMQ's: frame-max 131072, channel-max 2047, heartbeat 60 s, messages up to 128 MiB.
 *
 * @param copyBelowBytes bodies smaller than this are copied out of the socket's read buffer into a
 *     buffer of their own size, so a small message waiting in a queue does not pin a whole read
 *     buffer; larger bodies are kept as slices of what was read, without copying
 * @param auth the SASL mechanisms listed in connection.start (in that order) and accepted in
 *     start-ok, and the user an ANONYMOUS login acts as; by default PLAIN and AMQPLAIN
 *
 * <p>Threading: immutable.
 */
public record Amqp091Settings(int frameMax, int channelMax, int heartbeatSeconds, long maxMessageBytes,
                              int copyBelowBytes, int outboxHighWaterBytes, String productVersion,
                              AuthSettings auth) {
    public static final int FRAME_MIN_SIZE = 4096;

    public Amqp091Settings {
        Objects.requireNonNull(productVersion, "productVersion");
        Objects.requireNonNull(auth, "auth");
    }

    public static Amqp091Settings defaults(String productVersion) {
        return new Amqp091Settings(131072, 2047, 60, 128L * 1024 * 1024, 16 * 1024, 1024 * 1024, productVersion,
                AuthSettings.defaults());
    }

    /** These settings with other SASL mechanisms. */
    public Amqp091Settings withAuth(AuthSettings newAuth) {
        return new Amqp091Settings(frameMax, channelMax, heartbeatSeconds, maxMessageBytes, copyBelowBytes,
                outboxHighWaterBytes, productVersion, newAuth);
    }
}
