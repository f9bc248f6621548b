package dev.sluice.core;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Regular expressions over queue and exchange names, as policies and permissions use them:
 * Java syntax, found anywhere in the name (unanchored, as in RabbitMQ; {@code ^} and {@code $}
 * anchor).
 *
 * <p>Threading: stateless.
 */
public final class NamePatterns {
    private NamePatterns() {
    }

    /** Null when {@code pattern} compiles, else what is wrong with it, in words. */
    public static String problem(String pattern) {
        try {
            Pattern.compile(pattern);
            return null;
        } catch (PatternSyntaxException e) {
            return "invalid regular expression '" + pattern + "': " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "");
        }
    }
}
