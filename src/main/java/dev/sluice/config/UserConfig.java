package dev.sluice.config;

import dev.sluice.security.PasswordHash;
import dev.sluice.security.User;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A user as the file declares it: the password only as RabbitMQ's salted SHA-256 hash.
 *
 * @param tags management tags (administrator, management, monitoring, policymaker, impersonator)
 * @param loopbackOnly whether the user may connect from this machine only
 *
 * <p>Threading: immutable.
 */
public record UserConfig(String name, String passwordHash, Set<String> tags, boolean loopbackOnly) {
    /** The tags RabbitMQ knows. */
    public static final List<String> KNOWN_TAGS = List.of("administrator", "management", "monitoring",
            "policymaker", "impersonator");

    public UserConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(passwordHash, "passwordHash");
        tags = java.util.Collections.unmodifiableSet(new TreeSet<>(tags));
    }

    /** The same user as the broker keeps it. */
    public User toUser() {
        return new User(name, PasswordHash.parse(passwordHash), tags, loopbackOnly);
    }

    /** The user as this record describes it (for comparing with the running broker). */
    public static UserConfig of(User user) {
        return new UserConfig(user.name(), user.passwordHash().encoded(), user.tags(), user.loopbackOnly());
    }
}
