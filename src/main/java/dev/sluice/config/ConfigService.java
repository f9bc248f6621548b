package dev.sluice.config;

import dev.sluice.core.Broker;
import dev.sluice.security.AccessControl;
import dev.sluice.security.UserRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The running broker's side of its configuration file: applies it at start, shows and applies
 * the difference to a changed file ({@code sluice config diff / reload}, SIGHUP), and imports
 * definitions (which only add and change, never remove, as RabbitMQ's import does). It remembers
 * what it applied last, so a reload removes exactly what the file no longer declares and leaves
 * what clients made alone.
 *
 * <p>Threading: thread-safe; applying is serialized by this object's monitor.
 */
public final class ConfigService {
    private static final System.Logger LOG = System.getLogger(ConfigService.class.getName());

    private final Optional<Path> file;
    private final Broker broker;
    private final UserRegistry users;
    private final AccessControl access;
    private final ConfigApplier applier;
    private SluiceConfig applied = SluiceConfig.EMPTY;

    public ConfigService(Optional<Path> file, Broker broker, UserRegistry users, AccessControl access) {
        this.file = file;
        this.broker = broker;
        this.users = users;
        this.access = access;
        this.applier = new ConfigApplier(broker, users, access);
    }

    /** The file the broker was started with, if any. */
    public Optional<Path> file() {
        return file;
    }

    /** What was applied from the file last (empty before the start applied anything). */
    public synchronized SluiceConfig applied() {
        return applied;
    }

    /** The broker's current definitions, users and permissions. */
    public SluiceConfig running() {
        return RunningState.capture(broker, users, access);
    }

    /**
     * Applies a checked configuration to the broker at start. A file with a {@code users} section
     * replaces the default {@code guest} user unless it declares it.
     */
    public synchronized ConfigApplier.Report applyAtStart(SluiceConfig config) {
        List<Change> changes = new ArrayList<>(ConfigDiff.compute(SluiceConfig.EMPTY, config, running()));
        if (config.declaresUsers() && config.user("guest").isEmpty() && users.user("guest") != null) {
            changes.add(new Change.UserDeleted("guest"));
        }
        changes.sort(java.util.Comparator.comparingInt(Change::phase));
        ConfigApplier.Report report = applier.apply(changes);
        applied = config;
        return report;
    }

    /** The changes a reload to {@code wanted} would make, without making them. */
    public synchronized List<Change> diff(SluiceConfig wanted) {
        return ConfigDiff.compute(applied, wanted, running());
    }

    /**
     * Reads the file again and applies the difference.
     *
     * @throws InvalidConfigException when the file is invalid now (nothing is applied)
     * @throws IllegalStateException when the broker was started without a file
     */
    public synchronized ConfigApplier.Report reload() {
        Path path = file.orElseThrow(() -> new IllegalStateException("the broker was started without a config file"));
        SluiceConfig wanted = ConfigParser.parseFile(path);
        if (!wanted.server().equals(applied.server())) {
            LOG.log(System.Logger.Level.WARNING, "the server section of {0} changed; it takes effect at the next start",
                    path);
        }
        ConfigApplier.Report report = applier.apply(ConfigDiff.compute(applied, wanted, running()));
        applied = wanted;
        for (String line : report.applied()) {
            LOG.log(System.Logger.Level.INFO, "config reload: {0}", line);
        }
        for (String line : report.failed()) {
            LOG.log(System.Logger.Level.WARNING, "config reload failed: {0}", line);
        }
        for (String line : report.notApplied()) {
            LOG.log(System.Logger.Level.WARNING, "config reload: {0}", line);
        }
        return report;
    }

    /**
     * Imports definitions: adds what is missing and changes users, permissions and policies that
     * differ; removes nothing. What was applied from the file is not changed by an import.
     */
    public synchronized ConfigApplier.Report importDefinitions(SluiceConfig definitions) {
        return applier.apply(ConfigDiff.compute(SluiceConfig.EMPTY, definitions, running()));
    }
}
