/**
 * JMS semantics on top of the AMQP 1.0 endpoint: message selectors (the JMS SQL-92 subset,
 * {@link dev.sluice.amqp10.jms.Selector}).
 *
 * <p>Threading: parsed selectors are immutable and thread-safe; queues evaluate them with their
 * lock held, on any thread.
 */
package dev.sluice.amqp10.jms;
