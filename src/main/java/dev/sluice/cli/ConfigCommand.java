package dev.sluice.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sluice config}: validate a configuration file, show or apply its difference to a running
 * broker.
 *
 * <p>Threading: runs on the main thread.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Check a configuration file, or show and apply its difference to a running broker.",
        subcommands = {ConfigValidateCommand.class, ConfigDiffCommand.class, ConfigReloadCommand.class})
public final class ConfigCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
