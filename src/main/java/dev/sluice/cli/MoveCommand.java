package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice move --from QUEUE --to EXCHANGE [--key K] [--count N]}: replays messages (dead
 * letters back to work, say). The broker moves them one at a time: each copy is published and
 * confirmed before its original leaves the queue, so a failure loses none (at worst the one in
 * flight is in both places).
 *
 * <p>Threading: runs on the main thread.
 */
@Command(name = "move", mixinStandardHelpOptions = true,
        description = "Move messages from a queue to an exchange, each confirmed before it is removed.")
public final class MoveCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private BrokerOptions broker;

    @Mixin
    private VhostOption vhost;

    @Option(names = "--from", paramLabel = "QUEUE", required = true, description = "The queue to take messages from.")
    private String from;

    @Option(names = "--to", paramLabel = "EXCHANGE", required = true,
            description = "The exchange to publish them to (amq.default: the default exchange).")
    private String to;

    @Option(names = "--key", paramLabel = "K", description = "Routing key (default: each message's own).")
    private String key;

    @Option(names = "--count", paramLabel = "N", description = "At most this many (default: all).")
    private Long count;

    @Override
    public Integer call() {
        ObjectNode request = ApiClient.JSON.createObjectNode().put("vhost", vhost.vhost).put("queue", from).put("exchange", to);
        if (key != null) {
            request.put("routing_key", key);
        }
        if (count != null) {
            request.put("count", count);
        }
        JsonNode answer = broker.client().post("/api/sluice/move", request);
        spec.commandLine().getOut().println(broker.json ? answer.toPrettyString()
                : "moved " + answer.path("moved").asLong() + " messages from '" + from + "' to '" + to + "'");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
