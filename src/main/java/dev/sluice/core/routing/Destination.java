package dev.sluice.core.routing;

import java.util.Objects;

/**
 * Where a binding leads: a queue or another exchange, named within the same virtual host.
 *
 * <p>Threading: immutable.
 */
public record Destination(Kind kind, String name) {
    /** What a destination is. */
    public enum Kind { QUEUE, EXCHANGE }

    public Destination {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    public static Destination queue(String name) {
        return new Destination(Kind.QUEUE, name);
    }

    public static Destination exchange(String name) {
        return new Destination(Kind.EXCHANGE, name);
    }

    public boolean isQueue() {
        return kind == Kind.QUEUE;
    }

    @Override
    public String toString() {
        return (kind == Kind.QUEUE ? "queue '" : "exchange '") + name + "'";
    }
}
