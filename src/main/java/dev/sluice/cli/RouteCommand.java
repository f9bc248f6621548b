package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice route --exchange X --key K [--header k=v]}: which queues a message would reach,
 * and along which bindings, without publishing it.
 *
 * <p>Threading: runs on the main thread.
 */
@Command(name = "route", mixinStandardHelpOptions = true,
        description = "Explain where a message would be routed, without publishing it.")
public final class RouteCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private BrokerOptions broker;

    @Mixin
    private VhostOption vhost;

    @Option(names = "--exchange", paramLabel = "X", required = true,
            description = "Exchange published to; amq.default for the default exchange.")
    private String exchange;

    @Option(names = "--key", paramLabel = "K", defaultValue = "", description = "Routing key.")
    private String key;

    @Option(names = "--header", paramLabel = "NAME=VALUE", description = "A message header (repeatable).")
    private Map<String, String> headers = new LinkedHashMap<>();

    @Override
    public Integer call() {
        StringBuilder path = new StringBuilder("/api/route?vhost=").append(vhost.segment())
                .append("&exchange=").append(ApiClient.segment(exchange)).append("&key=").append(ApiClient.segment(key));
        headers.forEach((k, v) -> path.append("&header.").append(ApiClient.segment(k)).append('=')
                .append(ApiClient.segment(v)));
        JsonNode route = broker.client().get(path.toString());
        PrintWriter out = spec.commandLine().getOut();
        if (broker.json) {
            out.println(route.toPrettyString());
        } else {
            print(route, out);
        }
        out.flush();
        return 0;
    }

    static void print(JsonNode route, PrintWriter out) {
        List<String> queues = new ArrayList<>();
        route.path("queues").forEach(q -> queues.add(q.asText()));
        out.println("exchange '" + route.path("exchange").asText() + "', routing key '"
                + route.path("routing_key").asText() + "': "
                + (queues.isEmpty() ? "unroutable (reaches no queue)" : "reaches " + String.join(", ", queues)));
        for (JsonNode step : route.path("path")) {
            if (step.has("alternate_exchange")) {
                out.println("  " + step.path("exchange").asText() + " matched nothing -> alternate exchange "
                        + step.path("alternate_exchange").asText());
            } else {
                JsonNode args = step.path("arguments");
                out.println("  " + step.path("exchange").asText() + " --[" + step.path("routing_key").asText()
                        + (args.size() > 0 ? " " + args : "") + "]--> " + step.path("destination_type").asText()
                        + " " + step.path("destination").asText());
            }
        }
    }
}
