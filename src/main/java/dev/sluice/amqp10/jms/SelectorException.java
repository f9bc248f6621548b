package dev.sluice.amqp10.jms;

/**
 * A JMS message selector that does not parse; the message says where and why.
 *
 * <p>Threading: immutable.
 */
public final class SelectorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SelectorException(String message) {
        super(message, null, false, false);
    }
}
