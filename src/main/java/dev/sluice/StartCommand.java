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
 * {@code sluice start}: starts the server, prints {@code sluice ready amqp=HOST:PORT http=HOST:PORT}
 * on standard output once connections are accepted, and runs until SIGTERM, when it closes the
 * server and exits with status 0. SIGHUP reloads the configuration file.
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
            description = "YAML configuration file; must exist and be valid (default: config/sluice.yaml when present).")
    private Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the broker keeps its files; created when missing (default: the file's "
                    + "server.data-dir, else data).")
    private Path dataDir;

    @Option(names = "--amqp-port", paramLabel = "N", converter = PortConverter.class,
            description = "AMQP port for both protocols; 0 picks a free port (default: the file's, else 5672).")
    private Integer amqpPort;

    @Option(names = "--http-port", paramLabel = "N", converter = PortConverter.class,
            description = "Management API port; 0 picks a free port (default: the file's, else 15672).")
    private Integer httpPort;

    @Option(names = "--host", paramLabel = "H",
            description = "Interface to listen on; 0.0.0.0 is every interface (default: the file's, else 0.0.0.0).")
    private String host;

    @Override
    public Integer call() {
        Sluice started;
        try {
            started = builder().start();
        } catch (IllegalArgumentException e) {
            // a setting out of range (say a port from the file): nothing was started yet
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try (Sluice sluice = started) {
            SigtermLatch sigterm = new SigtermLatch();
            if (!sigterm.install()) {
                LOG.log(Level.WARNING, "cannot catch SIGTERM (is -Xrs set?); the JVM's default applies: exit status 143");
            }
            if (!SighupReload.install(sluice.configuration())) {
                LOG.log(Level.WARNING, "cannot catch SIGHUP; use 'sluice config reload' to reload the configuration");
            }
            Runtime.getRuntime().addShutdownHook(new Thread(sluice::close, "sluice-shutdown"));
            PrintWriter out = spec.commandLine().getOut();
            out.println(readyLine(sluice));
            out.flush();
            sigterm.await();
            LOG.log(Level.INFO, "SIGTERM received; stopping");
        }
        LOG.log(Level.INFO, STOPPED_LINE);
        return 0;
    }

    /** {@code sluice ready amqp=HOST:PORT http=HOST:PORT}: the AMQP address first, fields separated by spaces. */
    static String readyLine(Sluice sluice) {
        return READY_PREFIX + ConnectableAddress.hostAndPort(sluice.host(), sluice.amqpPort())
                + " http=" + ConnectableAddress.hostAndPort(sluice.httpHost(), sluice.httpPort());
    }

    /** The builder with the options given on the command line; the rest comes from the file or the defaults. */
    private SluiceBuilder builder() {
        SluiceBuilder builder = Sluice.builder();
        if (host != null) {
            builder.host(host);
        }
        if (amqpPort != null) {
            builder.amqpPort(amqpPort);
        }
        if (httpPort != null) {
            builder.httpPort(httpPort);
        }
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        chosenConfigFile().ifPresent(builder::configFile);
        return builder;
    }

    private Optional<Path> chosenConfigFile() {
        if (configFile != null) {
            return Optional.of(configFile);
        }
        return Files.isRegularFile(DEFAULT_CONFIG_FILE) ? Optional.of(DEFAULT_CONFIG_FILE) : Optional.empty();
    }
}
