package dev.sluice.management;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.config.Change;
import dev.sluice.config.ConfigApplier;
import dev.sluice.config.ConfigParser;
import dev.sluice.config.DefinitionsFormat;
import dev.sluice.config.SluiceConfig;
import dev.sluice.core.BrokerException;
import dev.sluice.core.ErrorKind;
import dev.sluice.core.RoutingResult;
import dev.sluice.core.VirtualHost;
import dev.sluice.core.message.Message;
import dev.sluice.core.queue.GetResult;
import dev.sluice.core.queue.Queue;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * RabbitMQ's {@code /api/definitions} (GET exports, POST imports: adds and changes, removes
 * nothing), and Sluice's own operations: {@code /api/sluice/config/diff} and {@code .../reload}
 * for the configuration file, and {@code /api/sluice/move}, which moves messages from a queue to
 * an exchange one at a time, each removed from its queue only after its copy is confirmed.
 * Definitions and configuration need the {@code administrator} tag.
 *
 * <p>Threading: stateless; the configuration service serializes reloads and imports.
 */
final class DefinitionsApi {
    private static final List<String> MOVE_FIELDS = List.of("vhost", "queue", "exchange", "routing_key", "count");

    private final Management m;

    DefinitionsApi(Management m) {
        this.m = m;
    }

    void register(Routes routes) {
        routes.add("GET", "/api/definitions", this::export)
                .add("POST", "/api/definitions", this::importDefinitions)
                .add("POST", "/api/sluice/config/diff", this::diff)
                .add("POST", "/api/sluice/config/reload", this::reload)
                .add("POST", "/api/sluice/move", this::move);
    }

    private Object export(ApiRequest r) {
        r.requireAdministrator();
        return DefinitionsFormat.toRabbitJson(m.config().running(), m.productVersion());
    }

    private Object importDefinitions(ApiRequest r) {
        r.requireAdministrator();
        JsonNode body = r.json();
        SluiceConfig definitions = DefinitionsFormat.fromRabbitJson(body, "definitions.json");
        return report(m.config().importDefinitions(definitions));
    }

    /** Body: YAML text of a configuration file (empty: the broker's own file); {@code ?file=} names it in problems. */
    private Object diff(ApiRequest r) {
        r.requireAdministrator();
        SluiceConfig wanted;
        if (r.body().length == 0) {
            wanted = ConfigParser.parseFile(m.config().file().orElseThrow(() ->
                    ApiException.badRequest("the broker was started without a config file; send one as the body")));
        } else {
            String label = r.queryValue("file") == null ? "request body" : r.queryValue("file");
            wanted = ConfigParser.parse(new String(r.body(), StandardCharsets.UTF_8), label);
        }
        ObjectNode out = Json.object();
        ArrayNode changes = out.putArray("changes");
        for (Change c : m.config().diff(wanted)) {
            changes.add(c.describe());
        }
        return out;
    }

    private Object reload(ApiRequest r) {
        r.requireAdministrator();
        if (m.config().file().isEmpty()) {
            throw ApiException.badRequest("the broker was started without a config file");
        }
        return report(m.config().reload());
    }

    private static ObjectNode report(ConfigApplier.Report report) {
        ObjectNode out = Json.object();
        ArrayNode applied = out.putArray("applied");
        report.applied().forEach(applied::add);
        ArrayNode failed = out.putArray("failed");
        report.failed().forEach(failed::add);
        ArrayNode notApplied = out.putArray("not_applied");
        report.notApplied().forEach(notApplied::add);
        return out;
    }

    /**
     * Moves up to {@code count} messages (all when absent) from a queue to an exchange, with their
     * routing key or the one given. Each copy is published and, when persistent, committed by the
     * store before the original is acknowledged; a copy that reaches no queue stops the move and
     * its original goes back to its queue.
     */
    private Object move(ApiRequest r) throws InterruptedException {
        JsonNode body = r.json();
        Json.allowOnly(body, "a move request", MOVE_FIELDS);
        VirtualHost v = m.vhost(r, Json.string(body, "vhost", "/"));
        String queueName = Json.requiredString(body, "queue");
        String exchange = ExchangeApi.nameInPath(Json.requiredString(body, "exchange"));
        String key = Json.string(body, "routing_key", null);
        long count = Json.integer(body, "count", Long.MAX_VALUE);
        Queue q = v.queue(queueName);
        if (q == null) {
            throw ApiException.notFound("no queue '" + queueName + "' in vhost '" + v.name() + "'");
        }
        if (v.exchange(exchange) == null) {
            throw ApiException.notFound("no exchange '" + exchange + "' in vhost '" + v.name() + "'");
        }
        m.access().consume(r.user().name(), v.name(), queueName);
        m.access().publish(r.user().name(), v.name(), exchange);
        long moved = 0;
        while (moved < count) {
            GetResult g = q.get(false);
            if (g.isEmpty()) {
                break;
            }
            long id = g.delivery().deliveryId();
            Message original = g.delivery().message();
            Message copy = original.toBuilder().exchange(exchange)
                    .routingKey(key != null ? key : original.routingKey()).id(0).build();
            RoutingResult result;
            try {
                result = ExchangeApi.publishConfirmed(v, copy);
            } catch (RuntimeException e) {
                q.requeue(id, false);
                throw e;
            }
            if (result.queues() == 0 || result.refused()) {
                q.requeue(id, false);
                throw new BrokerException(ErrorKind.PRECONDITION_FAILED, "message " + (moved + 1) + " was not routed "
                        + "by exchange '" + exchange + "' with routing key '" + copy.routingKey()
                        + "'; it stays in '" + queueName + "' (" + moved + " moved)");
            }
            q.ack(id);
            moved++;
        }
        return Json.object().put("moved", moved);
    }
}
