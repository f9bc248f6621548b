package dev.sluice;

import java.io.PrintWriter;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sluice start}: starts the server, prints {@code sluice ready amqp=HOST:PORT} on standard
 * output once connections are accepted, and runs until SIGTERM, when it closes the server and exits
 * with status 0.
 *
 * <p>Threading: {@link #call()} runs on the main thread and blocks until shutdown; a shutdown hook
 * closes the server when the JVM stops for another reason (SIGINT, SIGHUP).
 */
@Command(name = "start",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = "Start the broker and run until SIGTERM.")
public final class StartCommand implements Callable<Integer> {
    private static final System.Logger LOG = System.getLogger(StartCommand.class.getName());
    /** Used when it exists and no --config is given. */
    static final Path DEFAULT_CONFIG_FILE = Path.of("config", "sluice.yaml");
    static final String READY_PREFIX = "sluice ready amqp=";
    static final String STOPPED_LINE = "sluice stopped cleanly";

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML definitions file; must exist (default: config/sluice.yaml when present). "
                    + "Definitions are not applied yet.")
    private Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
            description = "Where the broker keeps its files; created when missing (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--amqp-port", paramLabel = "N", defaultValue = "5672", converter = PortConverter.class,
            description = "AMQP port for both protocols; 0 picks a free port (default: ${DEFAULT-VALUE}).")
    private int amqpPort;

    @Option(names = "--http-port", paramLabel = "N", defaultValue = "15672", converter = PortConverter.class,
            description = "Management API port; 0 picks a free port (default: ${DEFAULT-VALUE}). "
                    + "Not opened yet: the management API is still to come.")
    private int httpPort;

    @Option(names = "--host", paramLabel = "H", defaultValue = ServerSettings.ALL_INTERFACES,
            description = "Interface to listen on; 0.0.0.0 is every interface (default: ${DEFAULT-VALUE}).")
    private String host;

    @Override
    public Integer call() {
        ServerSettings settings = settings();
        try (Sluice sluice = Sluice.start(settings)) {
            SigtermLatch sigterm = new SigtermLatch();
            if (!sigterm.install()) {
                LOG.log(Level.WARNING, "cannot catch SIGTERM (is -Xrs set?); the JVM's default applies: exit status 143");
            }
            Runtime.getRuntime().addShutdownHook(new Thread(sluice::close, "sluice-shutdown"));
            PrintWriter out = spec.commandLine().getOut();
            out.println(READY_PREFIX + ConnectableAddress.hostAndPort(sluice.host(), sluice.amqpPort()));
            out.flush();
            sigterm.await();
            LOG.log(Level.INFO, "SIGTERM received; stopping");
        }
        LOG.log(Level.INFO, STOPPED_LINE);
        return 0;
    }

    private ServerSettings settings() {
        SluiceBuilder builder = Sluice.builder().host(host).amqpPort(amqpPort).httpPort(httpPort).dataDir(dataDir);
        chosenConfigFile().ifPresent(builder::configFile);
        try {
            return builder.settings();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Optional<Path> chosenConfigFile() {
        if (configFile != null) {
            return Optional.of(configFile);
        }
        return Files.isRegularFile(DEFAULT_CONFIG_FILE) ? Optional.of(DEFAULT_CONFIG_FILE) : Optional.empty();
    }
}
