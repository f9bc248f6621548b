package dev.sluice.amqp10.jms;

import dev.sluice.core.BrokerException;
import dev.sluice.core.message.Message;
import dev.sluice.core.queue.FilterLanguage;
import java.util.function.Predicate;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;

/**
 * A parsed JMS message selector (the {@code apache.org:selector-filter:string} source filter): a
 * message is selected when the expression is TRUE; FALSE and unknown (a missing property, a type
 * mismatch) are not selected. Supports comparison, arithmetic, {@code AND} / {@code OR} /
 * {@code NOT}, {@code [NOT] BETWEEN}, {@code [NOT] IN}, {@code [NOT] LIKE} with {@code ESCAPE},
 * {@code IS [NOT] NULL} and the JMS header fields ({@link MessageFields}).
 *
 * <p>Threading: immutable; {@link #test} may run on any thread at once.
 */
public final class Selector implements Predicate<Message> {
    /** The filter's symbolic descriptor. */
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("apache.org:selector-filter:string");
    /** The filter's numeric descriptor (0x0000468C:0x00000004). */
    public static final UnsignedLong DESCRIPTOR_CODE = UnsignedLong.valueOf(0x0000468C00000004L);

    /** JMS selectors as the core's language of queue selectors: an invalid one is a 406. */
    public static final FilterLanguage LANGUAGE = text -> {
        try {
            return parse(text);
        } catch (SelectorException e) {
            throw BrokerException.precondition("invalid selector '" + text + "': " + e.getMessage());
        }
    };

    private final String text;
    private final Expr expr;

    private Selector(String text, Expr expr) {
        this.text = text;
        this.expr = expr;
    }

    /**
     * Parses a selector.
     *
     * @throws SelectorException naming what is wrong and where
     */
    public static Selector parse(String text) {
        return new Selector(text, SelectorParser.parse(text));
    }

    /** True for either descriptor of the selector filter. */
    public static boolean isSelectorDescriptor(Object descriptor) {
        return DESCRIPTOR_SYMBOL.equals(descriptor) || DESCRIPTOR_CODE.equals(descriptor);
    }

    @Override
    public boolean test(Message message) {
        try {
            return Boolean.TRUE.equals(expr.eval(message));
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
