package dev.sluice.management;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sluice.core.Owner;
import dev.sluice.core.VirtualHost;
import dev.sluice.core.queue.GetResult;
import dev.sluice.core.queue.Queue;
import dev.sluice.core.queue.QueueDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code /api/queues}: list, show, declare, delete, purge ({@code DELETE .../contents}) and get
 * ({@code POST .../get}), each checked against the user's permissions as an AMQP client would be.
 *
 * <p>Threading: stateless; request threads call it concurrently.
 */
final class QueueApi {
    static final Owner API_OWNER = new Owner("management API");
    private static final List<String> DECLARE_FIELDS = List.of("durable", "auto_delete", "arguments", "node");
    private static final List<String> GET_FIELDS = List.of("count", "ackmode", "encoding", "truncate");
    private static final List<String> ACK_MODES = List.of("ack_requeue_true", "ack_requeue_false",
            "reject_requeue_true", "reject_requeue_false");

    private final Management m;

    QueueApi(Management m) {
        this.m = m;
    }

    void register(Routes routes) {
        routes.add("GET", "/api/queues", this::listAll)
                .add("GET", "/api/queues/{vhost}", this::listVhost)
                .add("GET", "/api/queues/{vhost}/{name}", this::show)
                .add("PUT", "/api/queues/{vhost}/{name}", this::declare)
                .add("DELETE", "/api/queues/{vhost}/{name}", this::delete)
                .add("DELETE", "/api/queues/{vhost}/{name}/contents", this::purge)
                .add("POST", "/api/queues/{vhost}/{name}/get", this::get);
    }

    private Object listAll(ApiRequest r) {
        ArrayNode out = Json.array();
        for (VirtualHost v : m.visibleVhosts(r)) {
            addQueues(v, out);
        }
        return out;
    }

    private Object listVhost(ApiRequest r) {
        ArrayNode out = Json.array();
        addQueues(m.vhost(r, r.param("vhost")), out);
        return out;
    }

    private void addQueues(VirtualHost v, ArrayNode out) {
        List<Queue> queues = new ArrayList<>(v.queues());
        queues.sort(Comparator.comparing(Queue::name));
        long now = System.currentTimeMillis();
        for (Queue q : queues) {
            out.add(Shapes.queue(v, q, m.rates().rates(QueueRates.key(v.name(), q.name()), now, q.stats())));
        }
    }

    private Queue queue(ApiRequest r) {
        VirtualHost v = m.vhost(r, r.param("vhost"));
        Queue q = v.queue(r.param("name"));
        if (q == null) {
            throw ApiException.notFound("no queue '" + r.param("name") + "' in vhost '" + v.name() + "'");
        }
        return q;
    }

    private Object show(ApiRequest r) {
        Queue q = queue(r);
        VirtualHost v = m.vhost(r.param("vhost"));
        return Shapes.queue(v, q, m.rates().rates(QueueRates.key(v.name(), q.name()), System.currentTimeMillis(),
                q.stats()));
    }

    private Object declare(ApiRequest r) {
        VirtualHost v = m.vhost(r, r.param("vhost"));
        JsonNode body = r.json();
        Json.allowOnly(body, "a queue", DECLARE_FIELDS);
        QueueDefinition def = new QueueDefinition(r.param("name"), Json.bool(body, "durable", true), false,
                Json.bool(body, "auto_delete", false), Json.table(body, "arguments"));
        if (def.name().isEmpty()) {
            throw ApiException.badRequest("a queue declared through the API needs a name");
        }
        v.declareQueue(def, API_OWNER, false, d -> m.access().declareQueue(r.user().name(), v.name(), d));
        return null;
    }

    private Object delete(ApiRequest r) {
        VirtualHost v = m.vhost(r, r.param("vhost"));
        Queue q = queue(r);
        m.access().deleteQueue(r.user().name(), v.name(), q.name());
        v.deleteQueue(q.name(), q.exclusiveOwner(), "true".equals(r.queryValue("if-unused")),
                "true".equals(r.queryValue("if-empty")));
        return null;
    }

    private Object purge(ApiRequest r) {
        VirtualHost v = m.vhost(r, r.param("vhost"));
        Queue q = queue(r);
        m.access().purgeQueue(r.user().name(), v.name(), q.name());
        q.purge();
        return null;
    }

    /**
     * Takes up to {@code count} messages, shows them, then settles them all as {@code ackmode}
     * says ({@code ack_requeue_true} puts them back, so the same messages are seen again).
     */
    private Object get(ApiRequest r) {
        VirtualHost v = m.vhost(r, r.param("vhost"));
        Queue q = queue(r);
        JsonNode body = r.json();
        Json.allowOnly(body, "a get request", GET_FIELDS);
        long count = Json.integer(body, "count", 1);
        String ackMode = Json.string(body, "ackmode", "ack_requeue_true");
        if (!ACK_MODES.contains(ackMode)) {
            throw ApiException.badRequest("ackmode must be one of " + String.join(", ", ACK_MODES) + ", got '"
                    + ackMode + "'");
        }
        if (count < 1) {
            throw ApiException.badRequest("count must be at least 1, got " + count);
        }
        String encoding = Json.string(body, "encoding", "auto");
        if (!encoding.equals("auto") && !encoding.equals("base64")) {
            throw ApiException.badRequest("encoding must be auto or base64, got '" + encoding + "'");
        }
        int truncate = (int) Json.integer(body, "truncate", -1);
        m.access().consume(r.user().name(), v.name(), q.name());
        ArrayNode out = Json.array();
        List<Long> taken = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                GetResult g = q.get(false);
                if (g.isEmpty()) {
                    break;
                }
                taken.add(g.delivery().deliveryId());
                try {
                    out.add(MessageJson.message(g.delivery().message(), g.delivery().redelivered(), g.remaining(),
                            encoding.equals("base64"), truncate));
                } finally {
                    g.delivery().message().release();
                }
            }
        } finally {
            for (long id : taken) {
                switch (ackMode) {
                    case "ack_requeue_false" -> q.ack(id);
                    case "reject_requeue_false" -> q.reject(id);
                    default -> q.requeue(id, false);
                }
            }
        }
        return out;
    }
}
