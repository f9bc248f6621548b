package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice config diff [FILE]}: what {@code config reload} would change in the running broker
 * for this file (default: the broker's own file), without changing anything.
 *
 * <p>Threading: runs on the main thread.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Show what a reload of FILE would change in the running broker (+ add, - remove, ~ change, "
                + "! differs but left).")
public final class ConfigDiffCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private BrokerOptions broker;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "The configuration file (default: the one the broker was started with).")
    private Path file;

    @Override
    public Integer call() throws IOException {
        JsonNode answer;
        if (file == null) {
            answer = broker.client().post("/api/sluice/config/diff", null);
        } else {
            if (!Files.isRegularFile(file)) {
                throw new CliException("file not found: " + file);
            }
            answer = broker.client().postText("/api/sluice/config/diff?file=" + ApiClient.segment(file.toString()),
                    Files.readString(file, StandardCharsets.UTF_8), "application/yaml");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (broker.json) {
            out.println(answer.toPrettyString());
        } else if (answer.path("changes").isEmpty()) {
            out.println("no changes");
        } else {
            answer.path("changes").forEach(c -> out.println(c.asText()));
        }
        out.flush();
        return 0;
    }
}
