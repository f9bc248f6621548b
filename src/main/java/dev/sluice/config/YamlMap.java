package dev.sluice.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * One YAML mapping of a configuration file read against the keys it may have. Reading it reports
 * (without stopping) a node that is not a mapping, keys that are unknown (with the closest known
 * one and the full list), repeated keys, and values of the wrong type; a getter whose value was
 * wrong returns its default, so reading goes on and finds every problem in one pass.
 *
 * <p>Threading: confined to the reading thread.
 */
final class YamlMap {
    private final String what;
    private final Node node;
    private final Problems problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlMap(String what, Node node, Problems problems) {
        this.what = what;
        this.node = node;
        this.problems = problems;
    }

    /**
     * Reads {@code node} as a mapping of {@code what} (say "queue 'billing'") allowing {@code keys}.
     * A node that is not a mapping is reported and read as an empty mapping.
     */
    static YamlMap read(Node node, String what, List<String> keys, Problems problems) {
        YamlMap map = new YamlMap(what, node, problems);
        if (!(node instanceof MappingNode m)) {
            problems.add(node, "expected a mapping for " + what + ", got " + YamlValues.describe(node));
            return map;
        }
        for (NodeTuple t : m.getValue()) {
            Node keyNode = t.getKeyNode();
            if (!(keyNode instanceof ScalarNode k) || YamlValues.isNull(keyNode)) {
                problems.add(keyNode, "expected a key in " + what + ", got " + YamlValues.describe(keyNode));
                continue;
            }
            String key = k.getValue();
            if (!keys.contains(key)) {
                String closest = Suggestions.closest(key, keys);
                problems.add(keyNode, "unknown key '" + key + "' in " + what
                        + (closest != null ? "; did you mean '" + closest + "'?" : "")
                        + " (allowed: " + String.join(", ", keys) + ")");
            } else if (map.entries.containsKey(key)) {
                problems.add(keyNode, "key '" + key + "' appears twice in " + what);
            } else {
                map.entries.put(key, t);
            }
        }
        return map;
    }

    Node node() {
        return node;
    }

    String what() {
        return what;
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The value node of a key, or null. */
    Node value(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? null : t.getValueNode();
    }

    /** The key node (for positions), or the mapping itself when the key is absent. */
    Node keyNode(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? node : t.getKeyNode();
    }

    /** A required string; reports it missing or of the wrong type and returns null then. */
    String requiredString(String key) {
        if (!has(key)) {
            problems.add(node, what + " needs '" + key + "'");
            return null;
        }
        return string(key, null);
    }

    /** A string, or {@code absent} when missing or wrong. Numbers and booleans are not strings. */
    String string(String key, String absent) {
        Node v = value(key);
        if (v == null) {
            return absent;
        }
        if (!YamlValues.isString(v)) {
            problems.add(v, "expected a string for '" + key + "' in " + what + ", got " + YamlValues.describe(v)
                    + (v instanceof ScalarNode ? " (quote it to make it a string)" : ""));
            return absent;
        }
        return ((ScalarNode) v).getValue();
    }

    /** An integer within [min, max], or {@code absent} when missing or wrong. */
    Long integer(String key, long min, long max, Long absent) {
        Node v = value(key);
        if (v == null) {
            return absent;
        }
        Long n = YamlValues.integer(v);
        if (n == null || n < min || n > max) {
            problems.add(v, "expected " + range(min, max) + " for '" + key + "' in " + what + ", got "
                    + YamlValues.describe(v));
            return absent;
        }
        return n;
    }

    static String range(long min, long max) {
        if (max == Long.MAX_VALUE) {
            return min == 0 ? "a non-negative integer" : "an integer of at least " + min;
        }
        return "an integer from " + min + " to " + max;
    }

    /** A boolean, or {@code absent} when missing or wrong. */
    boolean bool(String key, boolean absent) {
        Node v = value(key);
        if (v == null) {
            return absent;
        }
        Boolean b = YamlValues.bool(v);
        if (b == null) {
            problems.add(v, "expected true or false for '" + key + "' in " + what + ", got " + YamlValues.describe(v));
            return absent;
        }
        return b;
    }

    /** The items of a list, or an empty list when missing or not a list (reported). */
    List<Node> list(String key) {
        Node v = value(key);
        if (v == null || YamlValues.isNull(v)) {
            return List.of();
        }
        if (!(v instanceof SequenceNode seq)) {
            problems.add(v, "expected a list for '" + key + "' in " + what + ", got " + YamlValues.describe(v));
            return List.of();
        }
        return new ArrayList<>(seq.getValue());
    }

    /** A list of strings (each wrong item reported and skipped). */
    List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        for (Node item : list(key)) {
            if (YamlValues.isString(item)) {
                out.add(((ScalarNode) item).getValue());
            } else {
                problems.add(item, "expected a string in '" + key + "' of " + what + ", got "
                        + YamlValues.describe(item));
            }
        }
        return out;
    }

    /**
     * A mapping of arbitrary values (an arguments table), with its entries' nodes for positions,
     * or empty when missing or wrong.
     */
    Map<String, Node> valueNodes(String key) {
        Node v = value(key);
        Map<String, Node> out = new LinkedHashMap<>();
        if (v == null || YamlValues.isNull(v)) {
            return out;
        }
        if (!(v instanceof MappingNode m)) {
            problems.add(v, "expected a mapping for '" + key + "' in " + what + ", got " + YamlValues.describe(v));
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            if (!YamlValues.isString(t.getKeyNode())) {
                problems.add(t.getKeyNode(), "expected a string key in '" + key + "' of " + what + ", got "
                        + YamlValues.describe(t.getKeyNode()));
                continue;
            }
            String name = ((ScalarNode) t.getKeyNode()).getValue();
            if (out.containsKey(name)) {
                problems.add(t.getKeyNode(), "key '" + name + "' appears twice in '" + key + "' of " + what);
                continue;
            }
            out.put(name, t.getValueNode());
        }
        return out;
    }

    /** The key nodes of the mapping under {@code key}, for problems about a key rather than its value. */
    Map<String, Node> keyNodes(String key) {
        Map<String, Node> out = new LinkedHashMap<>();
        if (value(key) instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    out.putIfAbsent(k.getValue(), t.getKeyNode());
                }
            }
        }
        return out;
    }

    /** Like {@link #valueNodes} but with the values converted (see {@link YamlValues#toJava}). */
    Map<String, Object> table(String key) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : valueNodes(key).entrySet()) {
            Object v = YamlValues.toJava(e.getValue(), problems);
            if (v != null) {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }
}
