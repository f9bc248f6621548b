package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.ManifestVersion;
import dev.sluice.config.ConfigParser;
import dev.sluice.config.DefinitionsFormat;
import dev.sluice.config.InvalidConfigException;
import dev.sluice.config.SluiceConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice definitions export|import}: the broker's users, permissions, vhosts, exchanges,
 * queues, bindings and policies in Sluice's YAML or RabbitMQ's {@code definitions.json}. Import
 * adds and changes, never removes; a YAML file is checked here first, with file:line:column
 * problems.
 *
 * <p>Threading: runs on the main thread.
 */
@Command(name = "definitions", mixinStandardHelpOptions = true,
        description = "Export or import definitions as Sluice YAML or RabbitMQ definitions.json.",
        subcommands = {DefinitionsCommand.Export.class, DefinitionsCommand.Import.class})
public final class DefinitionsCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The two formats. */
    enum Format { yaml, json }

    /**
     * {@code definitions export [--format yaml|json] [--file FILE]}.
     *
     * <p>Threading: runs on the main thread.
     */
    @Command(name = "export", mixinStandardHelpOptions = true, description = "Print (or write) the definitions.")
    static final class Export implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private BrokerOptions broker;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "yaml",
                description = "yaml (Sluice) or json (RabbitMQ definitions.json); default: ${DEFAULT-VALUE}.")
        private Format format;

        @Option(names = "--file", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
        private Path file;

        @Override
        public Integer call() throws IOException {
            JsonNode json = broker.client().get("/api/definitions");
            String text = format == Format.json ? json.toPrettyString() + "\n"
                    : DefinitionsFormat.toYaml(DefinitionsFormat.fromRabbitJson(json, "the broker's definitions"));
            if (file != null) {
                Files.writeString(file, text, StandardCharsets.UTF_8);
            } else {
                PrintWriter out = spec.commandLine().getOut();
                out.print(text);
                out.flush();
            }
            return 0;
        }
    }

    /**
     * {@code definitions import FILE}: the format from {@code --format} or the file's extension.
     *
     * <p>Threading: runs on the main thread.
     */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Add the definitions of FILE to the running broker (nothing is removed).")
    static final class Import implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private BrokerOptions broker;

        @Parameters(index = "0", paramLabel = "FILE", description = "A .yaml/.yml or .json file.")
        private Path file;

        @Option(names = "--format", paramLabel = "FORMAT", description = "yaml or json (default: from the extension).")
        private Format format;

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new CliException("file not found: " + file);
            }
            Format chosen = format != null ? format : file.toString().endsWith(".json") ? Format.json : Format.yaml;
            JsonNode body;
            if (chosen == Format.json) {
                try {
                    body = ApiClient.JSON.readTree(file.toFile());
                } catch (IOException e) {
                    throw new CliException(file + ": not valid JSON: " + e.getMessage());
                }
            } else {
                SluiceConfig config;
                try {
                    config = ConfigParser.parseFile(file);
                } catch (InvalidConfigException e) {
                    throw new CliException(e.getMessage(), e.problems().stream().map(Object::toString).toList());
                }
                body = DefinitionsFormat.toRabbitJson(config, ManifestVersion.current());
            }
            JsonNode report = broker.client().post("/api/definitions", body);
            Reports.print(report, broker.json, "nothing to import: the broker has it all", spec.commandLine().getOut());
            return 0;
        }
    }
}
