package dev.sluice.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice purge --queue Q}: removes a queue's ready messages.
 *
 * <p>Threading: runs on the main thread.
 */
@Command(name = "purge", mixinStandardHelpOptions = true, description = "Remove every ready message of a queue.")
public final class PurgeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private BrokerOptions broker;

    @Mixin
    private VhostOption vhost;

    @Option(names = "--queue", paramLabel = "Q", required = true, description = "The queue.")
    private String queue;

    @Override
    public Integer call() {
        broker.client().delete("/api/queues/" + vhost.segment() + "/" + ApiClient.segment(queue) + "/contents");
        spec.commandLine().getOut().println(broker.json ? "{\"purged\":true}" : "purged queue '" + queue + "'");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
