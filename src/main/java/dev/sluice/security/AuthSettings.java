package dev.sluice.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which SASL mechanisms the AMQP endpoints offer, and who an anonymous client is. RabbitMQ's
 * {@code auth_mechanisms} and {@code anonymous_login_user}, with one difference: ANONYMOUS is off
 * unless it is listed (RabbitMQ 4 offers it by default).
 *
 * @param mechanisms the mechanisms offered, in the order they are announced; not empty, no
 *     duplicates, at least one AMQP 1.0 clients can use ({@code PLAIN} or {@code ANONYMOUS})
 * @param anonymousLoginUser the user a client that logs in with ANONYMOUS acts as (with that
 *     user's permissions and loopback restriction); present exactly when ANONYMOUS is listed
 *
 * <p>Threading: immutable.
 */
public record AuthSettings(List<SaslMechanism> mechanisms, Optional<String> anonymousLoginUser) {
    public AuthSettings {
        mechanisms = List.copyOf(mechanisms);
        Objects.requireNonNull(anonymousLoginUser, "anonymousLoginUser");
        if (mechanisms.isEmpty()) {
            throw new IllegalArgumentException("at least one authentication mechanism is needed");
        }
        if (mechanisms.stream().distinct().count() != mechanisms.size()) {
            throw new IllegalArgumentException("a mechanism is listed twice: " + mechanisms);
        }
        if (mechanisms.stream().noneMatch(SaslMechanism::inAmqp10)) {
            throw new IllegalArgumentException("PLAIN or ANONYMOUS is needed: AMQP 1.0 clients have no other mechanism");
        }
        boolean anonymous = mechanisms.contains(SaslMechanism.ANONYMOUS);
        if (anonymous && anonymousLoginUser.isEmpty()) {
            throw new IllegalArgumentException("ANONYMOUS needs an anonymous login user");
        }
        if (!anonymous && anonymousLoginUser.isPresent()) {
            throw new IllegalArgumentException("an anonymous login user is set but ANONYMOUS is not offered");
        }
        if (anonymousLoginUser.isPresent() && anonymousLoginUser.get().isEmpty()) {
            throw new IllegalArgumentException("the anonymous login user must not be empty");
        }
    }

    /** PLAIN and AMQPLAIN, no anonymous login: RabbitMQ 3's defaults. */
    public static AuthSettings defaults() {
        return new AuthSettings(List.of(SaslMechanism.PLAIN, SaslMechanism.AMQPLAIN), Optional.empty());
    }

    /** These mechanisms with ANONYMOUS added (last), logging in as {@code user}. */
    public AuthSettings withAnonymousLogin(String user) {
        List<SaslMechanism> list = new ArrayList<>(mechanisms);
        if (!list.contains(SaslMechanism.ANONYMOUS)) {
            list.add(SaslMechanism.ANONYMOUS);
        }
        return new AuthSettings(list, Optional.of(user));
    }

    public boolean offers(SaslMechanism mechanism) {
        return mechanisms.contains(mechanism);
    }

    /** The mechanisms AMQP 1.0 clients are offered, in order. */
    public List<SaslMechanism> amqp10Mechanisms() {
        return mechanisms.stream().filter(SaslMechanism::inAmqp10).toList();
    }

    /** The names joined by {@code separator} ("PLAIN AMQPLAIN" for connection.start). */
    public String names(String separator) {
        return mechanisms.stream().map(Enum::name).collect(Collectors.joining(separator));
    }
}
