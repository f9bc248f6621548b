package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice list queues|exchanges|bindings|connections|consumers|users}: a table (or
 * {@code --json}) from the management API.
 *
 * <p>Threading: runs on the main thread.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List queues, exchanges, bindings, connections, consumers or users of a running broker.")
public final class ListCommand implements Callable<Integer> {
    /** What can be listed. */
    enum What { queues, exchanges, bindings, connections, consumers, users }

    @Spec
    private CommandSpec spec;

    @Mixin
    private BrokerOptions broker;

    @Parameters(index = "0", paramLabel = "WHAT",
            description = "One of: ${COMPLETION-CANDIDATES}.")
    private What what;

    @Option(names = "--vhost", paramLabel = "VHOST", description = "Only this vhost (queues, exchanges, bindings, consumers).")
    private String vhost;

    @Override
    public Integer call() {
        String scope = vhost == null || what == What.connections || what == What.users ? ""
                : "/" + ApiClient.segment(vhost);
        JsonNode rows = broker.client().get("/api/" + what.name() + scope);
        PrintWriter out = spec.commandLine().getOut();
        if (broker.json) {
            out.println(rows.toPrettyString());
            out.flush();
            return 0;
        }
        table().print(rows, out);
        return 0;
    }

    private Table table() {
        return switch (what) {
            case queues -> new Table().column("VHOST", "vhost").column("NAME", "name")
                    .column("READY", "messages_ready").column("UNACKED", "messages_unacknowledged")
                    .column("CONSUMERS", "consumers").column("PUBLISH/S", "message_stats.publish_details.rate")
                    .column("DELIVER/S", "message_stats.deliver_get_details.rate").column("POLICY", "policy");
            case exchanges -> new Table().column("VHOST", "vhost").column("NAME", "name").column("TYPE", "type")
                    .column("DURABLE", "durable").column("INTERNAL", "internal").column("ARGUMENTS", "arguments");
            case bindings -> new Table().column("VHOST", "vhost").column("SOURCE", "source")
                    .column("DESTINATION", "destination").column("TYPE", "destination_type")
                    .column("ROUTING KEY", "routing_key").column("ARGUMENTS", "arguments");
            case connections -> new Table().column("NAME", "name").column("USER", "user").column("VHOST", "vhost")
                    .column("PROTOCOL", "protocol").column("CHANNELS", "channels").column("CONSUMERS", "consumers");
            case consumers -> new Table().column("VHOST", "queue.vhost").column("QUEUE", "queue.name")
                    .column("TAG", "consumer_tag").column("ACK", "ack_required").column("PREFETCH", "prefetch_count")
                    .column("CONNECTION", "channel_details.connection_name");
            case users -> new Table().column("NAME", "name").column("TAGS", "tags");
        };
    }
}
