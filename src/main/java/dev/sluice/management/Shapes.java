package dev.sluice.management;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.ConnectionInfo;
import dev.sluice.core.VirtualHost;
import dev.sluice.core.policy.Policy;
import dev.sluice.core.queue.Queue;
import dev.sluice.core.queue.QueueStats;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.Exchange;
import dev.sluice.security.PermissionRule;
import dev.sluice.security.User;

/**
 * Core objects as the JSON objects of RabbitMQ's management API (the field names tools expect:
 * {@code messages_ready}, {@code auto_delete}, {@code destination_type}, ...).
 *
 * <p>Threading: stateless.
 */
final class Shapes {
    static final String NODE = "sluice@localhost";

    private Shapes() {
    }

    static ObjectNode queue(VirtualHost v, Queue q, QueueRates.Rates rates) {
        QueueStats s = q.stats();
        ObjectNode o = Json.object()
                .put("name", q.name())
                .put("vhost", v.name())
                .put("durable", q.definition().durable())
                .put("auto_delete", q.definition().autoDelete())
                .put("exclusive", q.definition().exclusive())
                .put("node", NODE)
                .put("state", "running")
                .put("type", "classic")
                .put("messages", s.ready() + s.unsettled())
                .put("messages_ready", s.ready())
                .put("messages_unacknowledged", s.unsettled())
                .put("message_bytes_ready", s.readyBytes())
                .put("messages_paged_out", s.pagedOut())
                .put("consumers", s.consumers());
        o.set("arguments", Json.fromTable(q.definition().arguments()));
        Policy p = v.policyForQueue(q.name());
        if (p != null) {
            o.put("policy", p.name());
            o.set("effective_policy_definition", Json.fromTable(p.definition()));
        } else {
            o.putNull("policy");
        }
        ObjectNode stats = o.putObject("message_stats");
        stats.put("publish", s.publishedTotal());
        stats.putObject("publish_details").put("rate", rates.publish());
        stats.put("deliver_get", s.deliveredTotal());
        stats.putObject("deliver_get_details").put("rate", rates.deliver());
        stats.put("ack", s.settledTotal());
        return o;
    }

    static ObjectNode exchange(VirtualHost v, Exchange x) {
        ObjectNode o = Json.object()
                .put("name", x.name())
                .put("vhost", v.name())
                .put("type", x.type().wireName())
                .put("durable", x.definition().durable())
                .put("auto_delete", x.definition().autoDelete())
                .put("internal", x.definition().internal());
        o.set("arguments", Json.fromTable(x.definition().arguments()));
        Policy p = v.policyForExchange(x.name());
        if (p != null) {
            o.put("policy", p.name());
        }
        return o;
    }

    static ObjectNode binding(String vhost, Binding b) {
        ObjectNode o = Json.object()
                .put("source", b.source())
                .put("vhost", vhost)
                .put("destination", b.destination().name())
                .put("destination_type", b.destination().isQueue() ? "queue" : "exchange")
                .put("routing_key", b.routingKey());
        o.set("arguments", Json.fromTable(b.arguments()));
        o.put("properties_key", BindingKeys.propertiesKey(b));
        return o;
    }

    static ObjectNode vhost(VirtualHost v) {
        long ready = 0;
        long unacked = 0;
        for (Queue q : v.queues()) {
            QueueStats s = q.stats();
            ready += s.ready();
            unacked += s.unsettled();
        }
        ObjectNode o = Json.object().put("name", v.name()).put("description", "")
                .put("messages", ready + unacked).put("messages_ready", ready)
                .put("messages_unacknowledged", unacked);
        o.putArray("tags");
        return o;
    }

    static ObjectNode user(User u) {
        ObjectNode o = Json.object().put("name", u.name())
                .put("password_hash", u.passwordHash().encoded())
                .put("hashing_algorithm", "rabbit_password_hashing_sha256");
        ArrayNode tags = o.putArray("tags");
        u.tags().stream().sorted().forEach(tags::add);
        o.put("loopback_only", u.loopbackOnly());
        return o;
    }

    static ObjectNode permission(PermissionRule r) {
        return Json.object().put("user", r.user()).put("vhost", r.vhost())
                .put("configure", r.configure()).put("write", r.write()).put("read", r.read());
    }

    static ObjectNode policy(String vhost, Policy p) {
        ObjectNode o = Json.object().put("vhost", vhost).put("name", p.name()).put("pattern", p.pattern())
                .put("apply-to", p.applyTo().wireName()).put("priority", p.priority());
        o.set("definition", Json.fromTable(p.definition()));
        return o;
    }

    static ObjectNode connection(ConnectionInfo c) {
        int consumers = 0;
        for (ConnectionInfo.ChannelInfo ch : c.channels()) {
            consumers += ch.consumers().size();
        }
        return Json.object().put("name", c.name()).put("protocol", c.protocol()).put("user", c.user())
                .put("vhost", c.vhost()).put("node", NODE).put("state", "running")
                .put("peer_host", c.peerHost()).put("peer_port", c.peerPort())
                .put("host", c.host()).put("port", c.port())
                .put("channels", c.channels().size()).put("consumers", consumers)
                .put("connected_at", c.connectedAt());
    }

    static ObjectNode channel(ConnectionInfo c, ConnectionInfo.ChannelInfo ch) {
        ObjectNode o = Json.object().put("name", channelName(c, ch)).put("number", ch.number())
                .put("user", c.user()).put("vhost", c.vhost()).put("node", NODE).put("state", "running")
                .put("prefetch_count", ch.prefetchCount()).put("confirm", ch.confirm())
                .put("transactional", ch.transactional()).put("messages_unacknowledged", ch.unacked())
                .put("consumer_count", ch.consumers().size());
        o.set("connection_details", connectionDetails(c));
        return o;
    }

    static ObjectNode consumer(ConnectionInfo c, ConnectionInfo.ChannelInfo ch, ConnectionInfo.ConsumerInfo consumer) {
        ObjectNode o = Json.object().put("consumer_tag", consumer.tag()).put("ack_required", consumer.ackRequired())
                .put("prefetch_count", consumer.prefetchCount()).put("exclusive", false).put("active", true);
        o.putObject("queue").put("name", consumer.queue()).put("vhost", c.vhost());
        o.putObject("channel_details").put("name", channelName(c, ch)).put("number", ch.number())
                .put("connection_name", c.name()).put("peer_host", c.peerHost()).put("peer_port", c.peerPort())
                .put("user", c.user());
        o.putObject("arguments");
        return o;
    }

    private static String channelName(ConnectionInfo c, ConnectionInfo.ChannelInfo ch) {
        return c.name() + " (" + ch.number() + ")";
    }

    private static ObjectNode connectionDetails(ConnectionInfo c) {
        return Json.object().put("name", c.name()).put("peer_host", c.peerHost()).put("peer_port", c.peerPort());
    }
}
