package dev.sluice.security;

import java.util.Objects;

/**
 * What one user may do in one virtual host, as RabbitMQ grants it: three regular expressions
 * matched against the names of queues and exchanges. {@code configure} covers declaring and
 * deleting, {@code write} putting messages in (publishing, being the destination of a binding),
 * {@code read} taking messages out (consuming, getting, purging, being the source of a binding).
 * A pattern is found anywhere in the name (unanchored, as in RabbitMQ); the empty pattern grants
 * nothing.
 *
 * <p>Threading: immutable.
 */
public record PermissionRule(String user, String vhost, String configure, String write, String read) {
    /** Full access: {@code .*} for all three. */
    public static final String ALL = ".*";

    public PermissionRule {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(vhost, "vhost");
        Objects.requireNonNull(configure, "configure");
        Objects.requireNonNull(write, "write");
        Objects.requireNonNull(read, "read");
    }

    /** Every permission on every resource of the virtual host. */
    public static PermissionRule full(String user, String vhost) {
        return new PermissionRule(user, vhost, ALL, ALL, ALL);
    }

    /** The pattern for one kind of access. */
    public String pattern(Access access) {
        return switch (access) {
            case CONFIGURE -> configure;
            case WRITE -> write;
            case READ -> read;
        };
    }

    /** The three kinds of access RabbitMQ distinguishes. */
    public enum Access {
        CONFIGURE, WRITE, READ
    }
}
