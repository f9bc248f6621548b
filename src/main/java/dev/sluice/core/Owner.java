package dev.sluice.core;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Who is on the other end: one client connection. Exclusive queues belong to an owner and go
 * with it; identity equality (two connections are never the same owner).
 *
 * <p>Threading: immutable.
 */
public final class Owner {
    private final String description;

    public Owner(String description) {
        this.description = description;
    }

    /** A name for logs and errors, such as the client's address. */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }

    /**
     * Makes owners with numbered names, for tests and tools.
     *
     * <p>Threading: thread-safe.
     */
    public static final class Factory {
        private final AtomicLong next = new AtomicLong();

        public Owner next(String prefix) {
            return new Owner(prefix + "-" + next.incrementAndGet());
        }
    }
}
