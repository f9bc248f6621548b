package dev.sluice.security;

import java.util.Objects;
import java.util.Set;

/**
 * A broker user: name, password hash, management tags, and whether it may log in only from the
 * local machine (RabbitMQ's {@code loopback_users}, which holds {@code guest} by default).
 *
 * <p>Threading: immutable.
 */
public record User(String name, PasswordHash passwordHash, Set<String> tags, boolean loopbackOnly) {
    public User {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(passwordHash, "passwordHash");
        tags = Set.copyOf(tags);
    }
}
