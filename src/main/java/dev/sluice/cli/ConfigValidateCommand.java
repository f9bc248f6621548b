package dev.sluice.cli;

import dev.sluice.config.ConfigParser;
import dev.sluice.config.ConfigProblem;
import dev.sluice.config.InvalidConfigException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice config validate FILE}: checks a file without a broker. Prints {@code FILE: valid}
 * and exits 0, or prints every problem as {@code file:line:column: message} and exits 1.
 *
 * <p>Threading: runs on the main thread.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a configuration file; list every problem as file:line:column: message.")
public final class ConfigValidateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The YAML configuration file.")
    private Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            ConfigParser.parseFile(file);
        } catch (InvalidConfigException e) {
            for (ConfigProblem p : e.problems()) {
                out.println(p);
            }
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            err.println("sluice: " + e.getMessage());
            err.flush();
            return CliException.FAILED;
        }
        out.println(file + ": valid");
        out.flush();
        return 0;
    }
}
