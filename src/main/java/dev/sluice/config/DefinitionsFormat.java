package dev.sluice.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.policy.Policy;
import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.ExchangeDefinition;
import dev.sluice.security.PermissionRule;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Definitions in the two formats people bring and take away: Sluice's YAML (the {@code users},
 * {@code permissions} and {@code vhosts} sections of {@code sluice.yaml}) and RabbitMQ's
 * {@code definitions.json}. RabbitMQ's JSON is read by turning it into Sluice's YAML and checking
 * that with {@link ConfigParser}, so both formats obey the same rules; problems found in JSON
 * have no line (the JSON has none to point at) but name the object.
 *
 * <p>Threading: stateless.
 */
public final class DefinitionsFormat {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> RABBIT_TOP_KEYS = List.of("rabbit_version", "rabbitmq_version", "product_name",
            "product_version", "users", "vhosts", "permissions", "topic_permissions", "parameters",
            "global_parameters", "policies", "queues", "exchanges", "bindings");
    private static final String SHA256 = "rabbit_password_hashing_sha256";

    private DefinitionsFormat() {
    }

    // ---------------------------------------------------------------- Sluice YAML

    /** The definitions as Sluice YAML (no {@code server} section); exclusive queues are left out. */
    public static String toYaml(SluiceConfig config) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (config.declaresUsers()) {
            List<Object> users = new ArrayList<>();
            for (UserConfig u : config.users()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", u.name());
                m.put("password-hash", u.passwordHash());
                m.put("tags", new ArrayList<>(u.tags()));
                m.put("loopback-only", u.loopbackOnly());
                users.add(m);
            }
            root.put("users", users);
            List<Object> permissions = new ArrayList<>();
            for (PermissionRule r : config.permissions()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("user", r.user());
                m.put("vhost", r.vhost());
                m.put("configure", r.configure());
                m.put("write", r.write());
                m.put("read", r.read());
                permissions.add(m);
            }
            root.put("permissions", permissions);
        }
        List<Object> vhosts = new ArrayList<>();
        for (VhostConfig v : config.vhosts()) {
            vhosts.add(vhostYaml(v));
        }
        root.put("vhosts", vhosts);
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK)
                .setSchema(new CoreSchema()).setWidth(120).build();
        return new Dump(settings).dumpToString(root);
    }

    private static Map<String, Object> vhostYaml(VhostConfig v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        List<Object> exchanges = new ArrayList<>();
        for (ExchangeDefinition x : v.exchanges()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", x.name());
            e.put("type", x.type().wireName());
            e.put("durable", x.durable());
            e.put("auto-delete", x.autoDelete());
            e.put("internal", x.internal());
            e.put("arguments", new LinkedHashMap<>(x.arguments()));
            exchanges.add(e);
        }
        m.put("exchanges", exchanges);
        List<Object> queues = new ArrayList<>();
        for (QueueDefinition q : v.queues()) {
            if (q.exclusive()) {
                continue;
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", q.name());
            e.put("durable", q.durable());
            e.put("auto-delete", q.autoDelete());
            e.put("arguments", new LinkedHashMap<>(q.arguments()));
            queues.add(e);
        }
        m.put("queues", queues);
        List<Object> bindings = new ArrayList<>();
        for (Binding b : v.bindings()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("source", b.source());
            e.put("destination", b.destination().name());
            e.put("destination-type", b.destination().isQueue() ? "queue" : "exchange");
            e.put("routing-key", b.routingKey());
            e.put("arguments", new LinkedHashMap<>(b.arguments()));
            bindings.add(e);
        }
        m.put("bindings", bindings);
        List<Object> policies = new ArrayList<>();
        for (Policy p : v.policies()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", p.name());
            e.put("pattern", p.pattern());
            e.put("apply-to", p.applyTo().wireName());
            e.put("priority", p.priority());
            e.put("definition", new LinkedHashMap<>(p.definition()));
            policies.add(e);
        }
        m.put("policies", policies);
        return m;
    }

    // ---------------------------------------------------------------- RabbitMQ definitions.json

    /** The definitions as RabbitMQ's {@code definitions.json}; users and permissions only when declared. */
    public static ObjectNode toRabbitJson(SluiceConfig config, String productVersion) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("rabbit_version", "3.13.0").put("rabbitmq_version", "3.13.0")
                .put("product_name", "Sluice").put("product_version", productVersion);
        if (config.declaresUsers()) {
            ArrayNode users = root.putArray("users");
            for (UserConfig u : config.users()) {
                ObjectNode o = users.addObject().put("name", u.name()).put("password_hash", u.passwordHash())
                        .put("hashing_algorithm", SHA256);
                ArrayNode tags = o.putArray("tags");
                u.tags().forEach(tags::add);
            }
        }
        ArrayNode vhosts = root.putArray("vhosts");
        config.vhosts().forEach(v -> vhosts.addObject().put("name", v.name()));
        if (config.declaresUsers()) {
            ArrayNode permissions = root.putArray("permissions");
            for (PermissionRule r : config.permissions()) {
                permissions.addObject().put("user", r.user()).put("vhost", r.vhost()).put("configure", r.configure())
                        .put("write", r.write()).put("read", r.read());
            }
        }
        root.putArray("topic_permissions");
        root.putArray("parameters");
        root.putArray("global_parameters");
        ArrayNode policies = root.putArray("policies");
        ArrayNode queues = root.putArray("queues");
        ArrayNode exchanges = root.putArray("exchanges");
        ArrayNode bindings = root.putArray("bindings");
        for (VhostConfig v : config.vhosts()) {
            for (Policy p : v.policies()) {
                ObjectNode o = policies.addObject().put("vhost", v.name()).put("name", p.name())
                        .put("pattern", p.pattern()).put("apply-to", p.applyTo().wireName())
                        .put("priority", p.priority());
                o.set("definition", MAPPER.valueToTree(p.definition()));
            }
            for (QueueDefinition q : v.queues()) {
                if (!q.exclusive()) {
                    ObjectNode o = queues.addObject().put("name", q.name()).put("vhost", v.name())
                            .put("durable", q.durable()).put("auto_delete", q.autoDelete());
                    o.set("arguments", MAPPER.valueToTree(q.arguments()));
                }
            }
            for (ExchangeDefinition x : v.exchanges()) {
                ObjectNode o = exchanges.addObject().put("name", x.name()).put("vhost", v.name())
                        .put("type", x.type().wireName()).put("durable", x.durable())
                        .put("auto_delete", x.autoDelete()).put("internal", x.internal());
                o.set("arguments", MAPPER.valueToTree(x.arguments()));
            }
            for (Binding b : v.bindings()) {
                ObjectNode o = bindings.addObject().put("source", b.source()).put("vhost", v.name())
                        .put("destination", b.destination().name())
                        .put("destination_type", b.destination().isQueue() ? "queue" : "exchange")
                        .put("routing_key", b.routingKey());
                o.set("arguments", MAPPER.valueToTree(b.arguments()));
            }
        }
        return root;
    }

    /**
     * Reads RabbitMQ's {@code definitions.json}, checked by the same rules as a YAML file.
     * Built-in {@code amq.*} exchanges in it are skipped.
     *
     * @param label the name problems are reported under
     * @throws InvalidConfigException with every problem
     */
    public static SluiceConfig fromRabbitJson(JsonNode json, String label) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (json == null || !json.isObject()) {
            throw new InvalidConfigException(List.of(new ConfigProblem(label, 0, 0, "expected a JSON object")));
        }
        Iterator<String> names = json.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!RABBIT_TOP_KEYS.contains(name)) {
                problems.add(new ConfigProblem(label, 0, 0, "unknown field '" + name + "'"
                        + ConfigParser.didYouMean(name, RABBIT_TOP_KEYS)));
            }
        }
        Map<String, Object> yaml = new LinkedHashMap<>();
        if (json.has("users")) {
            List<Object> users = new ArrayList<>();
            for (JsonNode u : json.path("users")) {
                String algorithm = u.path("hashing_algorithm").asText(SHA256);
                if (!algorithm.equals(SHA256)) {
                    problems.add(new ConfigProblem(label, 0, 0, "user '" + u.path("name").asText() + "' has a "
                            + algorithm + " password hash; Sluice takes " + SHA256 + " only"));
                    continue;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", text(u, "name"));
                m.put("password-hash", text(u, "password_hash"));
                m.put("tags", tags(u.get("tags")));
                users.add(m);
            }
            yaml.put("users", users);
            List<Object> permissions = new ArrayList<>();
            for (JsonNode p : json.path("permissions")) {
                Map<String, Object> m = new LinkedHashMap<>();
                for (String key : List.of("user", "vhost", "configure", "write", "read")) {
                    m.put(key, text(p, key));
                }
                permissions.add(m);
            }
            yaml.put("permissions", permissions);
        }
        Map<String, Map<String, List<Object>>> byVhost = new LinkedHashMap<>();
        for (JsonNode v : json.path("vhosts")) {
            vhostEntry(byVhost, text(v, "name"));
        }
        for (JsonNode x : json.path("exchanges")) {
            String name = text(x, "name");
            if (name != null && (name.isEmpty() || name.startsWith("amq."))) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("type", text(x, "type"));
            m.put("durable", x.path("durable").asBoolean(true));
            m.put("auto-delete", x.path("auto_delete").asBoolean(false));
            m.put("internal", x.path("internal").asBoolean(false));
            m.put("arguments", table(x.get("arguments")));
            vhostEntry(byVhost, text(x, "vhost")).get("exchanges").add(m);
        }
        for (JsonNode q : json.path("queues")) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", text(q, "name"));
            m.put("durable", q.path("durable").asBoolean(true));
            m.put("auto-delete", q.path("auto_delete").asBoolean(false));
            m.put("arguments", table(q.get("arguments")));
            vhostEntry(byVhost, text(q, "vhost")).get("queues").add(m);
        }
        for (JsonNode b : json.path("bindings")) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", text(b, "source"));
            m.put("destination", text(b, "destination"));
            m.put("destination-type", b.path("destination_type").asText("queue"));
            m.put("routing-key", b.path("routing_key").asText(""));
            m.put("arguments", table(b.get("arguments")));
            vhostEntry(byVhost, text(b, "vhost")).get("bindings").add(m);
        }
        for (JsonNode p : json.path("policies")) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", text(p, "name"));
            m.put("pattern", text(p, "pattern"));
            m.put("apply-to", p.path("apply-to").asText("all"));
            m.put("priority", p.path("priority").asInt(0));
            m.put("definition", table(p.get("definition")));
            vhostEntry(byVhost, text(p, "vhost")).get("policies").add(m);
        }
        List<Object> vhosts = new ArrayList<>();
        byVhost.forEach((name, sections) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.putAll(sections);
            vhosts.add(m);
        });
        yaml.put("vhosts", vhosts);
        String text = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK)
                .setSchema(new CoreSchema()).build()).dumpToString(yaml);
        try {
            SluiceConfig config = ConfigParser.parse(text, label);
            if (!problems.isEmpty()) {
                throw new InvalidConfigException(problems);
            }
            return config;
        } catch (InvalidConfigException e) {
            for (ConfigProblem p : e.problems()) {
                if (!problems.contains(p)) {
                    problems.add(new ConfigProblem(label, 0, 0, p.message()));
                }
            }
            throw new InvalidConfigException(problems);
        }
    }

    private static Map<String, List<Object>> vhostEntry(Map<String, Map<String, List<Object>>> byVhost, String name) {
        return byVhost.computeIfAbsent(name == null ? "/" : name, k -> {
            Map<String, List<Object>> sections = new LinkedHashMap<>();
            for (String s : List.of("exchanges", "queues", "bindings", "policies")) {
                sections.put(s, new ArrayList<>());
            }
            return sections;
        });
    }

    private static String text(JsonNode object, String field) {
        JsonNode v = object.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<Object> tags(JsonNode tags) {
        List<Object> out = new ArrayList<>();
        if (tags == null || tags.isNull()) {
            return out;
        }
        if (tags.isArray()) {
            tags.forEach(t -> out.add(t.asText()));
        } else {
            for (String t : tags.asText().split(",")) {
                if (!t.isBlank()) {
                    out.add(t.strip());
                }
            }
        }
        return out;
    }

    private static Map<String, Object> table(JsonNode object) {
        if (object == null || !object.isObject()) {
            return new LinkedHashMap<>();
        }
        return MAPPER.convertValue(object, MAPPER.getTypeFactory().constructMapType(LinkedHashMap.class,
                String.class, Object.class));
    }
}
