package dev.sluice.management;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.VirtualHost;
import dev.sluice.core.queue.Queue;
import dev.sluice.core.queue.QueueStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/overview}, {@code /api/vhosts} and Sluice's own {@code /api/route}, which explains
 * where a message would go without publishing it.
 *
 * <p>Threading: stateless; request threads call it concurrently.
 */
final class OverviewApi {
    private final Management m;

    OverviewApi(Management m) {
        this.m = m;
    }

    void register(Routes routes) {
        routes.add("GET", "/api/overview", this::overview)
                .add("GET", "/api/whoami", this::whoami)
                .add("GET", "/api/vhosts", this::vhosts)
                .add("GET", "/api/vhosts/{vhost}", r -> Shapes.vhost(m.vhost(r, r.param("vhost"))))
                .add("PUT", "/api/vhosts/{vhost}", this::createVhost)
                .add("DELETE", "/api/vhosts/{vhost}", this::deleteVhost)
                .add("GET", "/api/route", this::route);
    }

    private Object overview(ApiRequest r) {
        long ready = 0;
        long unacked = 0;
        int queues = 0;
        int exchanges = 0;
        int consumers = 0;
        for (VirtualHost v : m.visibleVhosts(r)) {
            exchanges += v.exchanges().size();
            for (Queue q : v.queues()) {
                QueueStats s = q.stats();
                queues++;
                ready += s.ready();
                unacked += s.unsettled();
                consumers += s.consumers();
            }
        }
        ObjectNode o = Json.object().put("management_version", m.productVersion())
                .put("product_name", "Sluice").put("product_version", m.productVersion())
                .put("rabbitmq_version", "3.13.0").put("node", Shapes.NODE).put("cluster_name", Shapes.NODE);
        o.putObject("object_totals").put("connections", m.broker().connections().count())
                .put("exchanges", exchanges).put("queues", queues).put("consumers", consumers);
        o.putObject("queue_totals").put("messages", ready + unacked).put("messages_ready", ready)
                .put("messages_unacknowledged", unacked);
        ArrayNode listeners = o.putArray("listeners");
        listeners.addObject().put("node", Shapes.NODE).put("protocol", "amqp").put("address", m.amqpListener());
        return o;
    }

    private Object whoami(ApiRequest r) {
        ObjectNode o = Json.object().put("name", r.user().name());
        ArrayNode tags = o.putArray("tags");
        r.user().tags().stream().sorted().forEach(tags::add);
        return o;
    }

    private Object vhosts(ApiRequest r) {
        ArrayNode out = Json.array();
        m.visibleVhosts(r).forEach(v -> out.add(Shapes.vhost(v)));
        return out;
    }

    private Object createVhost(ApiRequest r) {
        r.requireAdministrator();
        m.broker().declareVirtualHost(r.param("vhost"));
        return null;
    }

    private Object deleteVhost(ApiRequest r) {
        r.requireAdministrator();
        m.vhost(r.param("vhost"));
        m.broker().deleteVirtualHost(r.param("vhost"));
        m.access().clearVhost(r.param("vhost"));
        return null;
    }

    /** {@code ?vhost=&exchange=&key=&header.NAME=VALUE}: the queues and the bindings on the way. */
    private Object route(ApiRequest r) {
        String vhost = r.queryValue("vhost") == null ? "/" : r.queryValue("vhost");
        String exchange = r.queryValue("exchange");
        if (exchange == null) {
            throw ApiException.badRequest("query parameter 'exchange' is required (amq.default for the default exchange)");
        }
        String key = r.queryValue("key") == null ? "" : r.queryValue("key");
        Map<String, Object> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : r.query().entrySet()) {
            if (e.getKey().startsWith("header.")) {
                headers.put(e.getKey().substring("header.".length()), e.getValue().get(0));
            }
        }
        VirtualHost v = m.vhost(r, vhost);
        return RouteExplainer.explain(v, ExchangeApi.nameInPath(exchange), key, headers);
    }
}
