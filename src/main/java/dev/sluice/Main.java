package dev.sluice;

import dev.sluice.cli.CliException;
import dev.sluice.cli.ConfigCommand;
import dev.sluice.cli.DefinitionsCommand;
import dev.sluice.cli.GetCommand;
import dev.sluice.cli.HashPasswordCommand;
import dev.sluice.cli.ListCommand;
import dev.sluice.cli.MoveCommand;
import dev.sluice.cli.PublishCommand;
import dev.sluice.cli.PurgeCommand;
import dev.sluice.cli.RouteCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code sluice} command line. Without a subcommand it prints its help; {@code sluice start}
 * runs the server; the other subcommands check configuration files, make password hashes and
 * drive a running broker through its management API. Bad options give a one-line error and exit
 * status 2; a failed command gives a one-line error (an invalid configuration: one line per
 * problem) and exit status 1.
 *
 * <p>Threading: runs on the main thread only.
 */
@Command(name = "sluice",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = "Sluice, a message broker that speaks AMQP 0-9-1 and AMQP 1.0 on one port.",
        subcommands = {StartCommand.class, ConfigCommand.class, DefinitionsCommand.class, ListCommand.class,
                RouteCommand.class, PublishCommand.class, GetCommand.class, PurgeCommand.class, MoveCommand.class,
                HashPasswordCommand.class})
public final class Main implements Runnable {
    static final int EXIT_START_FAILED = 1;
    private static final String LOG_FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";
    private static final String LOG_FORMAT = "%1$tF %1$tT.%1$tL %4$s %3$s: %5$s%6$s%n";

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        if (System.getProperty(LOG_FORMAT_PROPERTY) == null) {
            System.setProperty(LOG_FORMAT_PROPERTY, LOG_FORMAT);
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for {@link #main} and for tests. */
    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setParameterExceptionHandler(Main::oneLineUsageError)
                .setExecutionExceptionHandler(Main::oneLineStartFailure);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int oneLineUsageError(ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        command.getErr().println("sluice: " + error.getMessage()
                + " (see '" + command.getCommandSpec().qualifiedName() + " --help')");
        command.getErr().flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int oneLineStartFailure(Exception failure, CommandLine command, ParseResult parsed)
            throws Exception {
        if (failure instanceof CliException cli) {
            cli.details().forEach(command.getErr()::println);
            command.getErr().println("sluice: " + cli.getMessage());
            command.getErr().flush();
            return cli.exitCode();
        }
        if (!(failure instanceof StartupException)) {
            throw failure;
        }
        PrintWriter err = command.getErr();
        err.println("sluice: cannot start: " + failure.getMessage());
        err.flush();
        return EXIT_START_FAILED;
    }
}
