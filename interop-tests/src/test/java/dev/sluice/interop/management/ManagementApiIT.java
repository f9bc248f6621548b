package dev.sluice.interop.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import dev.sluice.interop.BrokerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every path of the management API against the packaged broker started with the example
 * configuration, in RabbitMQ's shapes, with its status codes for bad input, wrong credentials and
 * missing objects.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementApiIT {
    private static final String V = "/%2F";
    private BrokerProcess broker;
    private Api api;

    @BeforeAll
    void start() throws Exception {
        broker = BrokerProcess.start(List.of("--config", Path.of("config", "sluice.yaml").toAbsolutePath().toString()));
        api = new Api(broker.httpUrl(), "guest", "guest");
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void overviewAndVhosts() throws Exception {
        JsonNode overview = ok(api.get("/api/overview"));
        assertEquals("Sluice", overview.path("product_name").asText());
        assertEquals(5, overview.path("object_totals").path("queues").asInt(), overview.toString());
        assertEquals("/", ok(api.get("/api/vhosts")).get(0).path("name").asText());
        assertEquals("/", ok(api.get("/api/vhosts" + V)).path("name").asText());
        assertEquals(204, api.put("/api/vhosts/tenant", null).status());
        assertEquals(204, api.delete("/api/vhosts/tenant").status());
        assertEquals(404, api.get("/api/vhosts/tenant").status());
    }

    @Test
    void queuesDeclareShowPurgeGetAndDelete() throws Exception {
        assertEquals(204, api.put("/api/queues" + V + "/api.q", "{\"durable\":false,\"arguments\":{\"x-max-length\":10}}")
                .status());
        JsonNode q = ok(api.get("/api/queues" + V + "/api.q"));
        assertEquals(10, q.path("arguments").path("x-max-length").asInt());
        assertEquals(0, q.path("messages_ready").asInt());
        assertTrue(q.path("message_stats").path("publish_details").has("rate"));

        publish("", "api.q", "one");
        publish("", "api.q", "two");
        JsonNode got = ok(api.post("/api/queues" + V + "/api.q/get",
                "{\"count\":5,\"ackmode\":\"ack_requeue_true\",\"encoding\":\"auto\"}"));
        assertEquals(2, got.size());
        assertEquals("one", got.get(0).path("payload").asText());
        assertEquals(2, ok(api.get("/api/queues" + V + "/api.q")).path("messages_ready").asInt(), "requeued");
        JsonNode taken = ok(api.post("/api/queues" + V + "/api.q/get", "{\"count\":1,\"ackmode\":\"ack_requeue_false\"}"));
        assertEquals("one", taken.get(0).path("payload").asText());
        assertEquals(204, api.delete("/api/queues" + V + "/api.q/contents").status());
        assertEquals(0, ok(api.get("/api/queues" + V + "/api.q")).path("messages_ready").asInt());
        assertTrue(names(ok(api.get("/api/queues"))).contains("api.q"));
        assertTrue(names(ok(api.get("/api/queues" + V))).contains("billing"));
        assertEquals(204, api.delete("/api/queues" + V + "/api.q").status());
        assertEquals(404, api.get("/api/queues" + V + "/api.q").status());
    }

    @Test
    void publishRatesShowUp() throws Exception {
        api.put("/api/queues" + V + "/rates.q", "{\"durable\":false}");
        for (int i = 0; i < 20; i++) {
            publish("", "rates.q", "m" + i);
        }
        Thread.sleep(1500);
        JsonNode stats = ok(api.get("/api/queues" + V + "/rates.q")).path("message_stats");
        assertEquals(20, stats.path("publish").asInt());
        assertTrue(stats.path("publish_details").path("rate").asDouble() > 0, stats.toString());
        api.delete("/api/queues" + V + "/rates.q");
    }

    @Test
    void exchangesDeclarePublishAndDelete() throws Exception {
        assertEquals(204, api.put("/api/exchanges" + V + "/api.x", "{\"type\":\"fanout\",\"durable\":false}").status());
        assertEquals("fanout", ok(api.get("/api/exchanges" + V + "/api.x")).path("type").asText());
        assertTrue(names(ok(api.get("/api/exchanges"))).contains("orders"));
        assertTrue(names(ok(api.get("/api/exchanges" + V))).contains("api.x"));
        assertEquals("direct", ok(api.get("/api/exchanges" + V + "/amq.default")).path("type").asText());
        JsonNode routed = ok(api.post("/api/exchanges" + V + "/orders/publish",
                "{\"routing_key\":\"order.created\",\"payload\":\"o\",\"payload_encoding\":\"string\","
                        + "\"properties\":{\"delivery_mode\":2,\"headers\":{\"h\":1}}}"));
        assertTrue(routed.path("routed").asBoolean());
        JsonNode unrouted = ok(api.post("/api/exchanges" + V + "/api.x/publish",
                "{\"routing_key\":\"\",\"payload\":\"aGk=\",\"payload_encoding\":\"base64\",\"properties\":{}}"));
        assertFalse(unrouted.path("routed").asBoolean());
        assertEquals(400, api.put("/api/exchanges" + V + "/bad", "{\"type\":\"topics\"}").status());
        assertEquals(204, api.delete("/api/exchanges" + V + "/api.x").status());
        assertEquals(404, api.get("/api/exchanges" + V + "/api.x").status());
        api.delete("/api/queues" + V + "/billing/contents");
        api.delete("/api/queues" + V + "/stock/contents");
        api.delete("/api/queues" + V + "/mail/contents");
    }

    @Test
    void bindingsListCreateAndDelete() throws Exception {
        api.put("/api/queues" + V + "/b.q", "{\"durable\":false}");
        assertEquals(204, api.post("/api/bindings" + V + "/e/orders/q/b.q", "{\"routing_key\":\"order.b\"}").status());
        JsonNode between = ok(api.get("/api/bindings" + V + "/e/orders/q/b.q"));
        assertEquals("order.b", between.get(0).path("routing_key").asText());
        String props = between.get(0).path("properties_key").asText();
        JsonNode all = ok(api.get("/api/bindings" + V));
        assertTrue(all.toString().contains("\"destination\":\"b.q\""));
        assertTrue(ok(api.get("/api/bindings")).size() >= all.size());
        assertEquals(204, api.delete("/api/bindings" + V + "/e/orders/q/b.q/" + Api.enc(props)).status());
        assertEquals(0, ok(api.get("/api/bindings" + V + "/e/orders/q/b.q")).size());
        assertEquals(404, api.delete("/api/bindings" + V + "/e/orders/q/b.q/" + Api.enc(props)).status());
        api.delete("/api/queues" + V + "/b.q");
    }

    @Test
    void connectionsChannelsAndConsumers() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(broker.host());
        f.setPort(broker.amqpPort());
        try (Connection c = f.newConnection()) {
            Channel ch = c.createChannel();
            ch.basicQos(7);
            ch.basicConsume("mail", false, "mail-reader", new DefaultConsumer(ch));
            JsonNode connections = ok(api.get("/api/connections"));
            assertEquals(1, connections.size(), connections.toString());
            assertEquals("guest", connections.get(0).path("user").asText());
            assertEquals("AMQP 0-9-1", connections.get(0).path("protocol").asText());
            JsonNode channels = ok(api.get("/api/channels"));
            assertEquals(7, channels.get(0).path("prefetch_count").asInt(), channels.toString());
            JsonNode consumers = ok(api.get("/api/consumers"));
            assertEquals("mail-reader", consumers.get(0).path("consumer_tag").asText());
            assertEquals("mail", consumers.get(0).path("queue").path("name").asText());
            assertEquals(1, ok(api.get("/api/consumers" + V)).size());
            assertEquals(1, ok(api.get("/api/queues" + V + "/mail")).path("consumers").asInt());
        }
    }

    @Test
    void usersAndPermissions() throws Exception {
        assertEquals(204, api.put("/api/users/ops", "{\"password\":\"pw\",\"tags\":\"management\"}").status());
        assertEquals("management", ok(api.get("/api/users/ops")).path("tags").get(0).asText());
        assertTrue(names(ok(api.get("/api/users"))).contains("shop"));
        assertEquals(204, api.put("/api/permissions" + V + "/ops",
                "{\"configure\":\"^ops\\\\.\",\"write\":\".*\",\"read\":\".*\"}").status());
        assertEquals("^ops\\.", ok(api.get("/api/permissions" + V + "/ops")).path("configure").asText());
        assertTrue(ok(api.get("/api/permissions")).size() >= 3);

        Api ops = api.as("ops", "pw");
        assertEquals(403, ops.put("/api/queues" + V + "/not-ops", "{}").status(), "configure is ^ops\\.");
        assertEquals(204, ops.put("/api/queues" + V + "/ops.q", "{\"durable\":false}").status());
        assertEquals(403, ops.get("/api/users").status(), "not an administrator");
        assertEquals(401, api.as("shop", "shop-secret").get("/api/overview").status(), "no management tag");

        assertEquals(204, api.delete("/api/permissions" + V + "/ops").status());
        assertEquals(204, api.delete("/api/users/ops").status());
        assertEquals(404, api.get("/api/users/ops").status());
        assertEquals(400, api.put("/api/users/x", "{\"password\":\"p\",\"tags\":[\"adminstrator\"]}").status());
        api.delete("/api/queues" + V + "/ops.q");
    }

    @Test
    void policies() throws Exception {
        api.put("/api/queues" + V + "/p.q", "{\"durable\":false}");
        assertEquals(204, api.put("/api/policies" + V + "/cap",
                "{\"pattern\":\"^p\\\\.q$\",\"definition\":{\"max-length\":1},\"apply-to\":\"queues\",\"priority\":3}")
                .status());
        assertEquals("cap", ok(api.get("/api/queues" + V + "/p.q")).path("policy").asText());
        assertEquals(3, ok(api.get("/api/policies" + V + "/cap")).path("priority").asInt());
        assertTrue(names(ok(api.get("/api/policies"))).contains("stock-and-mail-limits"));
        assertEquals(1, ok(api.get("/api/policies" + V)).size() - 1);
        JsonNode bad = api.put("/api/policies" + V + "/bad", "{\"pattern\":\".*\",\"definition\":{\"max-lenght\":1}}")
                .json();
        assertTrue(bad.path("reason").asText().contains("unknown policy key 'max-lenght'"), bad.toString());
        assertEquals(204, api.delete("/api/policies" + V + "/cap").status());
        assertEquals(404, api.get("/api/policies" + V + "/cap").status());
        api.delete("/api/queues" + V + "/p.q");
    }

    @Test
    void definitionsExportAndImport() throws Exception {
        JsonNode defs = ok(api.get("/api/definitions"));
        assertTrue(names(defs.path("queues")).contains("billing.retry"));
        assertTrue(defs.path("bindings").size() >= 5);
        String imported = """
                {"rabbit_version":"3.12.0","vhosts":[{"name":"/"}],
                 "queues":[{"name":"imported","vhost":"/","durable":true,"auto_delete":false,"arguments":{}}],
                 "exchanges":[{"name":"imported.x","vhost":"/","type":"direct","durable":true,"auto_delete":false,
                   "internal":false,"arguments":{}}],
                 "bindings":[{"source":"imported.x","vhost":"/","destination":"imported","destination_type":"queue",
                   "routing_key":"k","arguments":{}}]}
                """;
        ok(api.post("/api/definitions", imported));
        assertEquals(200, api.get("/api/queues" + V + "/imported").status());
        JsonNode refused = api.post("/api/definitions", "{\"queues\":[{\"name\":\"q\",\"vhost\":\"/\",\"arguments\":"
                + "{\"x-message-ttl\":\"soon\"}}],\"exchanges\":[{\"name\":\"e\",\"vhost\":\"/\",\"type\":\"topix\"}]}")
                .json();
        assertEquals(2, refused.path("problems").size(), refused.toString());
        api.delete("/api/queues" + V + "/imported");
        api.delete("/api/exchanges" + V + "/imported.x");
    }

    @Test
    void routeExplainsWithoutPublishing() throws Exception {
        JsonNode route = ok(api.get("/api/route?vhost=%2F&exchange=orders&key=order.created"));
        assertTrue(route.path("routed").asBoolean());
        List<String> queues = new ArrayList<>();
        route.path("queues").forEach(q -> queues.add(q.asText()));
        assertEquals(List.of("billing", "stock", "mail"), queues);
        assertEquals("order.*", route.path("path").get(0).path("routing_key").asText());
        assertEquals(0, ok(api.get("/api/queues" + V + "/billing")).path("messages_ready").asInt(), "nothing published");
        JsonNode none = ok(api.get("/api/route?exchange=orders&key=invoice"));
        assertFalse(none.path("routed").asBoolean());
        JsonNode direct = ok(api.get("/api/route?exchange=amq.default&key=stock"));
        assertEquals("stock", direct.path("queues").get(0).asText());
        assertEquals(404, api.get("/api/route?exchange=nope&key=x").status());
    }

    @Test
    void configDiffShowsWhatAReloadWouldChange() throws Exception {
        JsonNode same = ok(api.post("/api/sluice/config/diff", null));
        assertEquals(0, same.path("changes").size(), same.toString());
        JsonNode diff = ok(api.post("/api/sluice/config/diff?file=new.yaml",
                "vhosts:\n  - name: /\n    queues:\n      - name: brand-new\n"));
        assertTrue(diff.toString().contains("+ queue 'brand-new' in vhost '/'"), diff.toString());
        JsonNode invalid = api.post("/api/sluice/config/diff?file=new.yaml", "vhosts:\n  - nme: /\n").json();
        assertTrue(invalid.path("problems").get(0).asText().startsWith("new.yaml:2:5: unknown key 'nme'"),
                invalid.toString());
    }

    @Test
    void errorsHaveRabbitMqsStatusesAndReasons() throws Exception {
        assertEquals(401, api.as("guest", "wrong").get("/api/overview").status());
        assertEquals(401, api.as("nobody", "x").get("/api/queues").status());
        assertEquals(404, api.get("/api/no-such-thing").status());
        assertEquals(404, api.get("/api/queues/no-such-vhost").status());
        Api.Answer badJson = api.put("/api/queues" + V + "/x", "{not json");
        assertEquals(400, badJson.status());
        assertTrue(badJson.json().path("reason").asText().startsWith("invalid JSON"), badJson.toString());
        Api.Answer unknownField = api.put("/api/queues" + V + "/x", "{\"durabel\":true}");
        assertEquals(400, unknownField.status());
        assertTrue(unknownField.json().path("reason").asText().contains("unknown field 'durabel'"));
        assertEquals(405, api.send("PATCH", "/api/queues" + V + "/billing", "{}").status());
    }

    private void publish(String exchange, String key, String body) throws Exception {
        JsonNode r = ok(api.post("/api/exchanges" + V + "/" + (exchange.isEmpty() ? "amq.default" : exchange)
                + "/publish", Api.JSON.createObjectNode().put("routing_key", key).put("payload", body)
                .put("payload_encoding", "string").set("properties", Api.JSON.createObjectNode()).toString()));
        assertTrue(r.path("routed").asBoolean(), r.toString());
    }

    private static JsonNode ok(Api.Answer a) {
        assertEquals(200, a.status(), a.toString());
        return a.json();
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path("name").asText()));
        return out;
    }
}
