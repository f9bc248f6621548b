package dev.sluice;

import dev.sluice.config.ConfigApplier;
import dev.sluice.config.ConfigService;
import dev.sluice.config.InvalidConfigException;
import java.lang.System.Logger.Level;
import sun.misc.Signal;

/**
 * Reloads the configuration file on SIGHUP, as {@code sluice config reload} does: the difference
 * between the running broker and the file is applied, connections stay open. An invalid file is
 * logged with every problem and nothing is applied.
 *
 * <p>Threading: the JVM delivers the signal on a thread of its own; {@link ConfigService}
 * serializes reloads.
 */
final class SighupReload {
    private static final System.Logger LOG = System.getLogger(SighupReload.class.getName());

    private SighupReload() {
    }

    /** Installs the handler; returns false when SIGHUP cannot be caught here. */
    static boolean install(ConfigService config) {
        try {
            Signal.handle(new Signal("HUP"), signal -> reload(config));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void reload(ConfigService config) {
        if (config.file().isEmpty()) {
            LOG.log(Level.WARNING, "SIGHUP received, but the broker was started without a config file");
            return;
        }
        try {
            ConfigApplier.Report report = config.reload();
            LOG.log(Level.INFO, "SIGHUP: configuration reloaded from {0}: {1} changes, {2} failed",
                    config.file().get(), report.applied().size(), report.failed().size());
        } catch (InvalidConfigException e) {
            LOG.log(Level.ERROR, "SIGHUP: configuration not reloaded, {0}\n{1}", e.getMessage(), e.listing());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "SIGHUP: configuration reload failed", e);
        }
    }
}
