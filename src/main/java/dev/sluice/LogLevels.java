package dev.sluice;

import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sets the JDK logging level of the process from the configuration's {@code server.logging.level}
 * (error, warning, info, debug, trace), on the root logger and its handlers.
 *
 * <p>Threading: call at start, from one thread.
 */
final class LogLevels {
    private LogLevels() {
    }

    static void apply(String level) {
        Level jul = switch (level.toLowerCase(Locale.ROOT)) {
            case "error" -> Level.SEVERE;
            case "warning" -> Level.WARNING;
            case "debug" -> Level.FINE;
            case "trace" -> Level.FINEST;
            default -> Level.INFO;
        };
        Logger root = Logger.getLogger("");
        root.setLevel(jul);
        for (Handler h : root.getHandlers()) {
            h.setLevel(jul);
        }
    }
}
