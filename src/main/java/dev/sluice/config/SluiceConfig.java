package dev.sluice.config;

import dev.sluice.security.PermissionRule;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole configuration file, checked: server settings, users, permissions and virtual hosts with
 * their topology. Made by {@link ConfigParser}; every list is immutable.
 *
 * @param server settings read once at start
 * @param declaresUsers whether the file has a {@code users} section; without one the broker keeps
 *     its default user {@code guest} with full permissions on {@code /}, and {@code users} and
 *     {@code permissions} are empty
 * @param users the users, in file order
 * @param permissions what each user may do in each virtual host
 * @param vhosts the virtual hosts and what they hold
 *
 * <p>Threading: immutable.
 */
public record SluiceConfig(ServerConfig server, boolean declaresUsers, List<UserConfig> users,
                           List<PermissionRule> permissions, List<VhostConfig> vhosts) {
    /** A file with nothing in it: no server settings, no users section, no virtual hosts. */
    public static final SluiceConfig EMPTY = new SluiceConfig(ServerConfig.NONE, false, List.of(), List.of(), List.of());

    public SluiceConfig {
        Objects.requireNonNull(server, "server");
        users = List.copyOf(users);
        permissions = List.copyOf(permissions);
        vhosts = List.copyOf(vhosts);
    }

    /** The virtual host of that name, if the file declares it. */
    public Optional<VhostConfig> vhost(String name) {
        return vhosts.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    /** The user of that name, if the file declares it. */
    public Optional<UserConfig> user(String name) {
        return users.stream().filter(u -> u.name().equals(name)).findFirst();
    }
}
