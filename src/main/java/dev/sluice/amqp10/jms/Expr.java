package dev.sluice.amqp10.jms;

import dev.sluice.core.message.Message;

/**
 * A node of a parsed selector: evaluates to a {@code Boolean}, a {@code Long}, a {@code Double},
 * a {@code String} or null (unknown, SQL's third truth value).
 *
 * <p>Threading: immutable and thread-safe.
 */
@FunctionalInterface
interface Expr {
    Object eval(Message m);
}
