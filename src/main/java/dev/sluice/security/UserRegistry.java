package dev.sluice.security;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users the broker knows and password checks against them. Starts with RabbitMQ's default
 * user {@code guest} / {@code guest}, which may log in from loopback addresses only.
 *
 * <p>Threading: thread-safe (a concurrent map of immutable users).
 */
public final class UserRegistry {
    private final Map<String, User> users = new ConcurrentHashMap<>();

    /** A registry holding only the default {@code guest} user. */
    public static UserRegistry withDefaultGuest() {
        UserRegistry r = new UserRegistry();
        r.put(new User("guest", PasswordHash.create("guest", new SecureRandom()), Set.of("administrator"), true));
        return r;
    }

    public void put(User user) {
        users.put(user.name(), user);
    }

    public void remove(String name) {
        users.remove(name);
    }

    public User user(String name) {
        return users.get(name);
    }

    public List<User> users() {
        return List.copyOf(users.values());
    }

    /** Checks a user name and password from {@code remote}; throws with a log-worthy reason. */
    public User authenticate(String mechanism, String name, String password, SocketAddress remote)
            throws AuthenticationException {
        User u = users.get(name);
        if (u == null || !u.passwordHash().matches(password)) {
            throw new AuthenticationException(mechanism, "invalid credentials for user '" + name + "'");
        }
        if (u.loopbackOnly() && !isLoopback(remote)) {
            throw new AuthenticationException(mechanism, "user '" + name + "' can only connect via localhost");
        }
        return u;
    }

    /**
     * An ANONYMOUS login from {@code remote} as the configured anonymous login user {@code name}:
     * the user must exist, and a loopback-only user (such as {@code guest}) is refused from
     * other machines, as RabbitMQ does.
     */
    public User anonymous(String name, SocketAddress remote) throws AuthenticationException {
        User u = users.get(name);
        if (u == null) {
            throw new AuthenticationException("ANONYMOUS", "the anonymous login user '" + name + "' does not exist");
        }
        if (u.loopbackOnly() && !isLoopback(remote)) {
            throw new AuthenticationException("ANONYMOUS", "user '" + name
                    + "' (the anonymous login user) can only connect via localhost");
        }
        return u;
    }

    private static boolean isLoopback(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress inet)) {
            return true; // in-process transports (tests) count as local
        }
        InetAddress a = inet.getAddress();
        return a != null && a.isLoopbackAddress();
    }
}
