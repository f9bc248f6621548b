package dev.sluice.management;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sluice.core.VirtualHost;
import dev.sluice.core.queue.Queue;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.Destination;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/bindings}: list (with the default exchange's implicit binding of every queue, as
 * RabbitMQ lists them), list between two ends, create ({@code POST .../e/SRC/q/DST} or
 * {@code .../e/SRC/e/DST}) and delete by properties key.
 *
 * <p>Threading: stateless; request threads call it concurrently.
 */
final class BindingApi {
    private static final List<String> CREATE_FIELDS = List.of("routing_key", "arguments");

    private final Management m;

    BindingApi(Management m) {
        this.m = m;
    }

    void register(Routes routes) {
        routes.add("GET", "/api/bindings", this::listAll)
                .add("GET", "/api/bindings/{vhost}", this::listVhost);
        for (String kind : List.of("q", "e")) {
            routes.add("GET", "/api/bindings/{vhost}/e/{source}/" + kind + "/{destination}", r -> between(r, kind))
                    .add("POST", "/api/bindings/{vhost}/e/{source}/" + kind + "/{destination}", r -> create(r, kind))
                    .add("DELETE", "/api/bindings/{vhost}/e/{source}/" + kind + "/{destination}/{props}",
                            r -> delete(r, kind));
        }
    }

    private Object listAll(ApiRequest r) {
        ArrayNode out = Json.array();
        for (VirtualHost v : m.visibleVhosts(r)) {
            all(v).forEach(b -> out.add(Shapes.binding(v.name(), b)));
        }
        return out;
    }

    private Object listVhost(ApiRequest r) {
        VirtualHost v = m.vhost(r, r.param("vhost"));
        ArrayNode out = Json.array();
        all(v).forEach(b -> out.add(Shapes.binding(v.name(), b)));
        return out;
    }

    /** The default exchange's implicit bindings first, then the declared ones. */
    static List<Binding> all(VirtualHost v) {
        List<Binding> out = new ArrayList<>();
        List<Queue> queues = new ArrayList<>(v.queues());
        queues.sort(Comparator.comparing(Queue::name));
        queues.forEach(q -> out.add(new Binding("", Destination.queue(q.name()), q.name())));
        out.addAll(v.bindings());
        return out;
    }

    private Destination destination(ApiRequest r, String kind) {
        return kind.equals("q") ? Destination.queue(r.param("destination"))
                : Destination.exchange(r.param("destination"));
    }

    private Object between(ApiRequest r, String kind) {
        VirtualHost v = m.vhost(r, r.param("vhost"));
        String source = ExchangeApi.nameInPath(r.param("source"));
        Destination d = destination(r, kind);
        ArrayNode out = Json.array();
        for (Binding b : all(v)) {
            if (b.source().equals(source) && b.destination().equals(d)) {
                out.add(Shapes.binding(v.name(), b));
            }
        }
        return out;
    }

    private Object create(ApiRequest r, String kind) {
        VirtualHost v = m.vhost(r, r.param("vhost"));
        JsonNode body = r.json();
        Json.allowOnly(body, "a binding", CREATE_FIELDS);
        Map<String, Object> args = Json.table(body, "arguments");
        Binding b = new Binding(r.param("source"), destination(r, kind), Json.string(body, "routing_key", ""), args);
        m.access().bind(r.user().name(), v.name(), b);
        v.bind(b, QueueApi.API_OWNER);
        return null;
    }

    private Object delete(ApiRequest r, String kind) {
        VirtualHost v = m.vhost(r, r.param("vhost"));
        Destination d = destination(r, kind);
        for (Binding b : v.bindings()) {
            if (b.source().equals(r.param("source")) && b.destination().equals(d)
                    && BindingKeys.propertiesKey(b).equals(r.param("props"))) {
                m.access().bind(r.user().name(), v.name(), b);
                v.unbind(b, QueueApi.API_OWNER);
                return null;
            }
        }
        throw ApiException.notFound("no binding from '" + r.param("source") + "' to " + d + " with properties key '"
                + r.param("props") + "' in vhost '" + v.name() + "'");
    }
}
