package dev.sluice.security;

import java.util.Locale;
import java.util.Optional;

/**
 * The SASL mechanisms Sluice can offer, by their RabbitMQ names. {@code AMQPLAIN} exists in AMQP
 * 0-9-1 only; the AMQP 1.0 endpoint offers {@code PLAIN} and {@code ANONYMOUS}.
 *
 * <p>Threading: immutable.
 */
public enum SaslMechanism {
    /** RFC 4616: user name and password. */
    PLAIN,
    /** RabbitMQ's AMQP 0-8 field-table form of PLAIN (0-9-1 only). */
    AMQPLAIN,
    /** RFC 4505: no credentials; the client acts as the configured anonymous login user. */
    ANONYMOUS;

    /** The mechanism of that name (any case), or empty. */
    public static Optional<SaslMechanism> named(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (SaslMechanism m : values()) {
            if (m.name().equals(upper)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Whether AMQP 1.0 clients can use it. */
    public boolean inAmqp10() {
        return this != AMQPLAIN;
    }
}
