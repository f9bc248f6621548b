package dev.sluice.config;

import dev.sluice.core.BrokerException;
import dev.sluice.core.NamePatterns;
import dev.sluice.core.policy.Policy;
import dev.sluice.core.policy.PolicyKeys;
import dev.sluice.core.queue.QueueArguments;
import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.Destination;
import dev.sluice.core.routing.ExchangeDefinition;
import dev.sluice.core.routing.ExchangeType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads the {@code vhosts} section: each virtual host's exchanges, queues, bindings and policies,
 * and checks what refers to what within it. Queue arguments are checked by the core's own
 * {@link QueueArguments#parse}, one argument at a time so each problem points at its key.
 *
 * <p>Threading: confined to the reading thread.
 */
final class VhostReader {
    static final List<String> VHOST_KEYS = List.of("name", "exchanges", "queues", "bindings", "policies");
    static final List<String> EXCHANGE_KEYS = List.of("name", "type", "durable", "auto-delete", "internal", "arguments");
    static final List<String> QUEUE_KEYS = List.of("name", "durable", "auto-delete", "arguments");
    static final List<String> BINDING_KEYS = List.of("source", "destination", "destination-type", "routing-key",
            "arguments");
    static final List<String> POLICY_KEYS = List.of("name", "pattern", "apply-to", "priority", "definition");
    static final List<String> EXCHANGE_TYPES = List.of("direct", "fanout", "topic", "headers");
    static final List<String> BUILT_IN_EXCHANGES = List.of("amq.direct", "amq.fanout", "amq.topic", "amq.headers",
            "amq.match");
    private static final List<String> DESTINATION_TYPES = List.of("queue", "exchange");
    private static final List<String> APPLY_TO = List.of("queues", "exchanges", "all");

    private final Problems problems;

    VhostReader(Problems problems) {
        this.problems = problems;
    }

    List<VhostConfig> read(List<Node> nodes) {
        List<VhostConfig> vhosts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Node node : nodes) {
            YamlMap v = YamlMap.read(node, "a vhost", VHOST_KEYS, problems);
            String name = v.requiredString("name");
            if (name != null && name.isEmpty()) {
                problems.add(v.value("name"), "a vhost name must not be empty (the default vhost is '/')");
                name = null;
            }
            if (name != null && !seen.add(name)) {
                problems.add(v.value("name"), "vhost '" + name + "' is declared twice");
            }
            String label = "vhost '" + (name == null ? "?" : name) + "'";
            OneVhost reading = new OneVhost(label);
            List<ExchangeDefinition> exchanges = reading.exchanges(v.list("exchanges"));
            List<QueueDefinition> queues = reading.queues(v.list("queues"));
            List<Binding> bindings = reading.bindings(v.list("bindings"));
            List<Policy> policies = reading.policies(v.list("policies"));
            reading.checkReferences();
            if (name != null) {
                vhosts.add(new VhostConfig(name, exchanges, queues, bindings, policies));
            }
        }
        return vhosts;
    }

    /**
     * The reading of one virtual host, which remembers names and where they were declared.
     *
     * <p>Threading: confined to the reading thread.
     */
    private final class OneVhost {
        private final String label;
        private final Map<String, Node> exchangeNames = new LinkedHashMap<>();
        private final Map<String, Node> queueNames = new LinkedHashMap<>();
        /** Exchange names other objects refer to, with the node that refers. */
        private final List<Map.Entry<String, Node>> exchangeReferences = new ArrayList<>();

        OneVhost(String label) {
            this.label = label;
        }

        List<ExchangeDefinition> exchanges(List<Node> nodes) {
            List<ExchangeDefinition> out = new ArrayList<>();
            for (Node node : nodes) {
                YamlMap x = YamlMap.read(node, "an exchange in " + label, EXCHANGE_KEYS, problems);
                String name = objectName(x, "exchange", exchangeNames);
                String what = "exchange '" + name + "' in " + label;
                String typeName = x.requiredString("type");
                ExchangeType type = null;
                if (typeName != null) {
                    if (EXCHANGE_TYPES.contains(typeName)) {
                        type = ExchangeType.fromWireName(typeName);
                    } else {
                        problems.add(x.value("type"), "unknown exchange type '" + typeName + "' for " + what
                                + ConfigParser.didYouMean(typeName, EXCHANGE_TYPES)
                                + " (allowed: " + String.join(", ", EXCHANGE_TYPES) + ")");
                    }
                }
                boolean durable = x.bool("durable", true);
                boolean autoDelete = x.bool("auto-delete", false);
                boolean internal = x.bool("internal", false);
                Map<String, Node> argNodes = x.valueNodes("arguments");
                Map<String, Object> args = x.table("arguments");
                if (argNodes.containsKey("alternate-exchange")) {
                    Object ae = args.get("alternate-exchange");
                    if (!(ae instanceof String)) {
                        problems.add(argNodes.get("alternate-exchange"), "argument 'alternate-exchange' of " + what
                                + " must be a string naming an exchange");
                    } else {
                        exchangeReferences.add(Map.entry((String) ae, argNodes.get("alternate-exchange")));
                    }
                }
                if (name != null && type != null) {
                    out.add(new ExchangeDefinition(name, type, durable, autoDelete, internal, args));
                }
            }
            return out;
        }

        List<QueueDefinition> queues(List<Node> nodes) {
            List<QueueDefinition> out = new ArrayList<>();
            for (Node node : nodes) {
                YamlMap q = YamlMap.read(node, "a queue in " + label, QUEUE_KEYS, problems);
                String name = objectName(q, "queue", queueNames);
                boolean durable = q.bool("durable", true);
                boolean autoDelete = q.bool("auto-delete", false);
                Map<String, Node> argNodes = q.valueNodes("arguments");
                Map<String, Object> args = q.table("arguments");
                boolean argsValid = checkQueueArguments(name == null ? "?" : name, args, argNodes,
                        q.keyNodes("arguments"));
                if (args.get("x-dead-letter-exchange") instanceof String dlx && !dlx.isEmpty()) {
                    exchangeReferences.add(Map.entry(dlx, argNodes.get("x-dead-letter-exchange")));
                }
                if (name != null && argsValid) {
                    out.add(new QueueDefinition(name, durable, false, autoDelete, args));
                }
            }
            return out;
        }

        /** Checks each argument on its own (with the exchange a routing key needs) so each problem has its line. */
        private boolean checkQueueArguments(String queue, Map<String, Object> args, Map<String, Node> nodes,
                                            Map<String, Node> keyNodes) {
            boolean valid = true;
            for (Map.Entry<String, Object> e : args.entrySet()) {
                Map<String, Object> one = new HashMap<>();
                one.put(e.getKey(), e.getValue());
                if (e.getKey().equals("x-dead-letter-routing-key") && args.containsKey("x-dead-letter-exchange")) {
                    one.put("x-dead-letter-exchange", args.get("x-dead-letter-exchange"));
                }
                try {
                    QueueArguments.parse(queue, label.substring("vhost '".length(), label.length() - 1), one);
                } catch (BrokerException ex) {
                    String message = ex.getMessage();
                    Node at = nodes.get(e.getKey());
                    if (message.startsWith("unknown argument")) {
                        at = keyNodes.get(e.getKey());
                        message = "unknown argument '" + e.getKey() + "' for queue '" + queue + "'"
                                + ConfigParser.didYouMean(e.getKey(), KNOWN_QUEUE_ARGUMENTS)
                                + " (allowed: " + String.join(", ", KNOWN_QUEUE_ARGUMENTS) + ")";
                    }
                    problems.add(at, message);
                    valid = false;
                }
            }
            return valid;
        }

        List<Binding> bindings(List<Node> nodes) {
            List<Binding> out = new ArrayList<>();
            Set<Binding> seen = new HashSet<>();
            for (Node node : nodes) {
                YamlMap b = YamlMap.read(node, "a binding in " + label, BINDING_KEYS, problems);
                String source = b.requiredString("source");
                String destination = b.requiredString("destination");
                String type = b.string("destination-type", "queue");
                if (!DESTINATION_TYPES.contains(type)) {
                    problems.add(b.value("destination-type"), "unknown destination-type '" + type + "'"
                            + ConfigParser.didYouMean(type, DESTINATION_TYPES) + " (allowed: queue, exchange)");
                    continue;
                }
                String key = b.string("routing-key", "");
                Map<String, Object> args = b.table("arguments");
                boolean ok = source != null && destination != null;
                if (source != null && source.isEmpty()) {
                    problems.add(b.value("source"), "cannot bind to the default exchange: every queue is bound to it "
                            + "by its name already");
                    ok = false;
                } else if (source != null && !exchangeNames.containsKey(source) && !BUILT_IN_EXCHANGES.contains(source)) {
                    problems.add(b.value("source"), "binding from exchange '" + source + "', which is not declared in "
                            + label + ConfigParser.didYouMean(source, exchangeNames.keySet()));
                    ok = false;
                }
                boolean toQueue = type.equals("queue");
                if (destination != null) {
                    boolean declared = toQueue ? queueNames.containsKey(destination)
                            : exchangeNames.containsKey(destination) || BUILT_IN_EXCHANGES.contains(destination);
                    if (!declared) {
                        problems.add(b.value("destination"), "binding to " + type + " '" + destination
                                + "', which is not declared in " + label
                                + ConfigParser.didYouMean(destination, toQueue ? queueNames.keySet() : exchangeNames.keySet()));
                        ok = false;
                    }
                }
                if (ok) {
                    Binding binding = new Binding(source, toQueue ? Destination.queue(destination)
                            : Destination.exchange(destination), key, args);
                    if (!seen.add(binding)) {
                        problems.add(node, "binding from '" + source + "' to " + type + " '" + destination
                                + "' with routing key '" + key + "' is declared twice");
                    } else {
                        out.add(binding);
                    }
                }
            }
            return out;
        }

        List<Policy> policies(List<Node> nodes) {
            List<Policy> out = new ArrayList<>();
            Map<String, Node> names = new HashMap<>();
            for (Node node : nodes) {
                YamlMap p = YamlMap.read(node, "a policy in " + label, POLICY_KEYS, problems);
                String name = objectName(p, "policy", names);
                String what = "policy '" + name + "'";
                String pattern = p.requiredString("pattern");
                if (pattern != null) {
                    String problem = NamePatterns.problem(pattern);
                    if (problem != null) {
                        problems.add(p.value("pattern"), "pattern of " + what + ": " + problem);
                        pattern = null;
                    }
                }
                String applyToName = p.string("apply-to", "all");
                Policy.ApplyTo applyTo = Policy.ApplyTo.fromWireName(applyToName);
                if (applyTo == null) {
                    problems.add(p.value("apply-to"), "unknown apply-to '" + applyToName + "' for " + what
                            + ConfigParser.didYouMean(applyToName, APPLY_TO) + " (allowed: queues, exchanges, all)");
                }
                long priority = p.integer("priority", Integer.MIN_VALUE, Integer.MAX_VALUE, 0L);
                if (!p.has("definition")) {
                    problems.add(p.node(), what + " needs 'definition'");
                }
                Map<String, Node> defNodes = p.valueNodes("definition");
                Map<String, Object> definition = p.table("definition");
                boolean valid = true;
                if (p.has("definition") && defNodes.isEmpty()) {
                    problems.add(p.value("definition"), "the definition of " + what + " is empty (allowed keys: "
                            + String.join(", ", PolicyKeys.allKeys()) + ")");
                    valid = false;
                }
                for (Map.Entry<String, Object> e : definition.entrySet()) {
                    String problem = PolicyKeys.check(e.getKey(), e.getValue(),
                            applyTo == null ? Policy.ApplyTo.ALL : applyTo);
                    if (problem != null) {
                        if (problem.startsWith("unknown policy key")) {
                            problem = "unknown policy key '" + e.getKey() + "' in " + what
                                    + ConfigParser.didYouMean(e.getKey(), PolicyKeys.allKeys())
                                    + " (allowed: " + String.join(", ", PolicyKeys.allKeys()) + ")";
                        }
                        Node at = problem.startsWith("unknown policy key") ? p.keyNodes("definition").get(e.getKey())
                                : defNodes.get(e.getKey());
                        problems.add(at, problem);
                        valid = false;
                    }
                }
                if (definition.get("dead-letter-exchange") instanceof String dlx && !dlx.isEmpty()) {
                    exchangeReferences.add(Map.entry(dlx, defNodes.get("dead-letter-exchange")));
                }
                if (definition.get("alternate-exchange") instanceof String ae) {
                    exchangeReferences.add(Map.entry(ae, defNodes.get("alternate-exchange")));
                }
                if (name != null && pattern != null && applyTo != null && valid && p.has("definition")) {
                    out.add(new Policy(name, pattern, applyTo, (int) priority, definition));
                }
            }
            return out;
        }

        /** Dead-letter and alternate exchanges must be declared in the file (or be built in). */
        void checkReferences() {
            for (Map.Entry<String, Node> ref : exchangeReferences) {
                String name = ref.getKey();
                if (!exchangeNames.containsKey(name) && !BUILT_IN_EXCHANGES.contains(name)) {
                    problems.add(ref.getValue(), "exchange '" + name + "' is not declared in " + label
                            + ConfigParser.didYouMean(name, exchangeNames.keySet()));
                }
            }
        }

        /** The required, non-empty, unique, not reserved name of an exchange, queue or policy. */
        private String objectName(YamlMap map, String kind, Map<String, Node> seen) {
            String name = map.requiredString("name");
            if (name == null) {
                return null;
            }
            Node at = map.value("name");
            if (name.isEmpty()) {
                problems.add(at, "a " + kind + " name must not be empty");
                return null;
            }
            if (!kind.equals("policy") && name.startsWith("amq.")) {
                problems.add(at, kind + " name '" + name + "' uses the reserved prefix 'amq.'");
                return null;
            }
            Node first = seen.putIfAbsent(name, at);
            if (first != null) {
                int line = first.getStartMark().map(m -> m.getLine() + 1).orElse(0);
                problems.add(at, kind + " '" + name + "' is declared twice in " + label + " (first on line " + line + ")");
                return null;
            }
            return name;
        }
    }

    /** The queue arguments Sluice acts on, for "did you mean" and the list of what is allowed. */
    static final List<String> KNOWN_QUEUE_ARGUMENTS = List.of("x-message-ttl", "x-expires", "x-max-length",
            "x-max-length-bytes", "x-overflow", "x-dead-letter-exchange", "x-dead-letter-routing-key",
            "x-max-priority", "x-delivery-limit", "x-single-active-consumer", "x-queue-type");
}
