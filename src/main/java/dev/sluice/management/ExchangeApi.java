package dev.sluice.management;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sluice.core.BrokerException;
import dev.sluice.core.ErrorKind;
import dev.sluice.core.RoutingResult;
import dev.sluice.core.VirtualHost;
import dev.sluice.core.message.Message;
import dev.sluice.core.message.MessageProperties;
import dev.sluice.core.routing.Exchange;
import dev.sluice.core.routing.ExchangeDefinition;
import dev.sluice.core.routing.ExchangeType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code /api/exchanges}: list, show, declare, delete and publish ({@code POST .../publish}).
 * The default exchange is {@code amq.default} in paths. A persistent message published here is
 * answered only once the store has committed it, like a publisher confirm.
 *
 * <p>Threading: stateless; request threads call it concurrently and wait for the store.
 */
final class ExchangeApi {
    static final long CONFIRM_WAIT_SECONDS = 30;
    private static final List<String> DECLARE_FIELDS = List.of("type", "durable", "auto_delete", "internal",
            "arguments");
    private static final List<String> PUBLISH_FIELDS = List.of("routing_key", "payload", "payload_encoding",
            "properties", "props");

    private final Management m;

    ExchangeApi(Management m) {
        this.m = m;
    }

    void register(Routes routes) {
        routes.add("GET", "/api/exchanges", this::listAll)
                .add("GET", "/api/exchanges/{vhost}", this::listVhost)
                .add("GET", "/api/exchanges/{vhost}/{name}", this::show)
                .add("PUT", "/api/exchanges/{vhost}/{name}", this::declare)
                .add("DELETE", "/api/exchanges/{vhost}/{name}", this::delete)
                .add("POST", "/api/exchanges/{vhost}/{name}/publish", this::publish);
    }

    static String nameInPath(String segment) {
        return segment.equals("amq.default") ? "" : segment;
    }

    private Object listAll(ApiRequest r) {
        ArrayNode out = Json.array();
        for (VirtualHost v : m.visibleVhosts(r)) {
            addExchanges(v, out);
        }
        return out;
    }

    private Object listVhost(ApiRequest r) {
        ArrayNode out = Json.array();
        addExchanges(m.vhost(r, r.param("vhost")), out);
        return out;
    }

    private static void addExchanges(VirtualHost v, ArrayNode out) {
        List<Exchange> all = new ArrayList<>(v.exchanges());
        all.sort(Comparator.comparing(Exchange::name));
        all.forEach(x -> out.add(Shapes.exchange(v, x)));
    }

    private Exchange exchange(ApiRequest r, VirtualHost v) {
        Exchange x = v.exchange(nameInPath(r.param("name")));
        if (x == null) {
            throw ApiException.notFound("no exchange '" + r.param("name") + "' in vhost '" + v.name() + "'");
        }
        return x;
    }

    private Object show(ApiRequest r) {
        VirtualHost v = m.vhost(r, r.param("vhost"));
        return Shapes.exchange(v, exchange(r, v));
    }

    private Object declare(ApiRequest r) {
        VirtualHost v = m.vhost(r, r.param("vhost"));
        JsonNode body = r.json();
        Json.allowOnly(body, "an exchange", DECLARE_FIELDS);
        String type = Json.requiredString(body, "type");
        ExchangeDefinition def = new ExchangeDefinition(r.param("name"), ExchangeType.fromWireName(type),
                Json.bool(body, "durable", true), Json.bool(body, "auto_delete", false),
                Json.bool(body, "internal", false), Json.table(body, "arguments"));
        m.access().declareExchange(r.user().name(), v.name(), def);
        v.declareExchange(def, false);
        return null;
    }

    private Object delete(ApiRequest r) {
        VirtualHost v = m.vhost(r, r.param("vhost"));
        Exchange x = exchange(r, v);
        m.access().deleteExchange(r.user().name(), v.name(), x.name());
        v.deleteExchange(x.name(), "true".equals(r.queryValue("if-unused")));
        return null;
    }

    private Object publish(ApiRequest r) throws InterruptedException {
        VirtualHost v = m.vhost(r, r.param("vhost"));
        Exchange x = exchange(r, v);
        JsonNode body = r.json();
        Json.allowOnly(body, "a publish request", PUBLISH_FIELDS);
        String key = Json.requiredString(body, "routing_key");
        MessageProperties props = MessageJson.properties(body.has("properties") ? body.get("properties")
                : body.get("props"));
        byte[] payload = MessageJson.payload(body);
        m.access().publish(r.user().name(), v.name(), x.name());
        Message message = Message.builder().exchange(x.name()).routingKey(key).properties(props)
                .publishedAt(System.currentTimeMillis()).body(payload).build();
        RoutingResult result = publishConfirmed(v, message);
        return Json.object().put("routed", result.queues() > 0 && !result.refused());
    }

    /**
     * Publishes and, for a persistent message that reached a queue, waits until the store has
     * committed it. Takes over the message.
     */
    static RoutingResult publishConfirmed(VirtualHost v, Message message) throws InterruptedException {
        boolean persistent = message.persistent();
        RoutingResult result = v.publish(message);
        if (persistent && result.queues() > 0) {
            CompletableFuture<Void> durable = new CompletableFuture<>();
            v.store().whenDurable(() -> durable.complete(null));
            try {
                durable.get(CONFIRM_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new BrokerException(ErrorKind.INTERNAL_ERROR, "the store did not confirm the message in "
                        + CONFIRM_WAIT_SECONDS + " s");
            }
        }
        return result;
    }
}
