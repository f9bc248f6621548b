package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice publish}: publishes one message through the management API; a persistent one is
 * answered after the broker has stored it. Exits 1 when the message reached no queue.
 *
 * <p>Threading: runs on the main thread.
 */
@Command(name = "publish", mixinStandardHelpOptions = true, description = "Publish one message.")
public final class PublishCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private BrokerOptions broker;

    @Mixin
    private VhostOption vhost;

    @Option(names = "--exchange", paramLabel = "X", defaultValue = "amq.default",
            description = "Exchange (default: ${DEFAULT-VALUE}, which routes to the queue named by the key).")
    private String exchange;

    @Option(names = "--key", paramLabel = "K", defaultValue = "", description = "Routing key.")
    private String key;

    @Option(names = "--body", paramLabel = "TEXT", description = "The body as text.")
    private String body;

    @Option(names = "--body-file", paramLabel = "FILE", description = "The body from a file (any bytes).")
    private Path bodyFile;

    @Option(names = "--header", paramLabel = "NAME=VALUE", description = "A header (repeatable).")
    private Map<String, String> headers = new LinkedHashMap<>();

    @Option(names = "--persistent", description = "Delivery mode 2: kept on disk in durable queues.")
    private boolean persistent;

    @Option(names = "--content-type", paramLabel = "TYPE", description = "The content-type property.")
    private String contentType;

    @Override
    public Integer call() throws IOException {
        if ((body == null) == (bodyFile == null)) {
            throw new CliException("give exactly one of --body and --body-file");
        }
        ObjectNode request = ApiClient.JSON.createObjectNode().put("routing_key", key);
        if (body != null) {
            request.put("payload", body).put("payload_encoding", "string");
        } else {
            request.put("payload", Base64.getEncoder().encodeToString(Files.readAllBytes(bodyFile)))
                    .put("payload_encoding", "base64");
        }
        ObjectNode props = request.putObject("properties");
        if (persistent) {
            props.put("delivery_mode", 2);
        }
        if (contentType != null) {
            props.put("content_type", contentType);
        }
        if (!headers.isEmpty()) {
            ObjectNode h = props.putObject("headers");
            headers.forEach(h::put);
        }
        JsonNode answer = broker.client().post("/api/exchanges/" + vhost.segment() + "/"
                + ApiClient.segment(exchange) + "/publish", request);
        boolean routed = answer.path("routed").asBoolean();
        if (broker.json) {
            spec.commandLine().getOut().println(answer.toPrettyString());
        } else {
            spec.commandLine().getOut().println(routed ? "routed" : "not routed");
        }
        spec.commandLine().getOut().flush();
        if (!routed) {
            throw new CliException("the message reached no queue (see 'sluice route')");
        }
        return 0;
    }
}
