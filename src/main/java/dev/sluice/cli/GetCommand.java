package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice get --queue Q}: shows messages from a queue; they go back to the queue unless
 * {@code --ack} takes them away.
 *
 * <p>Threading: runs on the main thread.
 */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Show messages from a queue (they stay in it unless --ack is given).")
public final class GetCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private BrokerOptions broker;

    @Mixin
    private VhostOption vhost;

    @Option(names = "--queue", paramLabel = "Q", required = true, description = "The queue.")
    private String queue;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "How many (default: ${DEFAULT-VALUE}).")
    private int count;

    @Option(names = "--ack", description = "Remove the messages from the queue.")
    private boolean ack;

    @Override
    public Integer call() {
        ObjectNode request = ApiClient.JSON.createObjectNode().put("count", count)
                .put("ackmode", ack ? "ack_requeue_false" : "ack_requeue_true").put("encoding", "auto");
        JsonNode messages = broker.client().post("/api/queues/" + vhost.segment() + "/"
                + ApiClient.segment(queue) + "/get", request);
        PrintWriter out = spec.commandLine().getOut();
        if (broker.json) {
            out.println(messages.toPrettyString());
        } else if (messages.isEmpty()) {
            out.println("queue '" + queue + "' is empty");
        } else {
            new Table().column("EXCHANGE", "exchange").column("ROUTING KEY", "routing_key")
                    .column("REDELIVERED", "redelivered").column("PROPERTIES", "properties")
                    .column("PAYLOAD", "payload").print(messages, out);
        }
        out.flush();
        return 0;
    }
}
