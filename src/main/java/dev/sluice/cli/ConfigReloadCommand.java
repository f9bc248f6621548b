package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sluice config reload}: the running broker reads its configuration file again and applies
 * the difference, connections staying open. Prints what changed; exits 1 when the file is invalid
 * (nothing applied) or a change failed.
 *
 * <p>Threading: runs on the main thread.
 */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = "Make the running broker apply its configuration file again (as SIGHUP does).")
public final class ConfigReloadCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private BrokerOptions broker;

    @Override
    public Integer call() {
        JsonNode report = broker.client().post("/api/sluice/config/reload", null);
        Reports.print(report, broker.json, "no changes", spec.commandLine().getOut());
        if (!report.path("failed").isEmpty()) {
            List<String> failed = new ArrayList<>();
            report.path("failed").forEach(f -> failed.add("failed: " + f.asText()));
            throw new CliException(failed.size() + " changes failed", failed);
        }
        return 0;
    }
}
