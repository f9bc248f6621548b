package dev.sluice.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Turns YAML nodes (resolved with the YAML 1.2 core schema) into plain Java values and describes
 * nodes for error messages. Integers become {@code Integer} when they fit, else {@code Long}, as
 * AMQP clients send them; floats {@code Double}; booleans {@code Boolean}; sequences lists and
 * mappings ordered maps.
 *
 * <p>Threading: stateless.
 */
final class YamlValues {
    private YamlValues() {
    }

    /** "a string 'x'", "an integer 5", "a list", "a mapping": for "expected ..., got ..." messages. */
    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) node;
        Tag tag = s.getTag();
        if (Tag.NULL.equals(tag)) {
            return "nothing (null)";
        }
        if (Tag.INT.equals(tag)) {
            return "an integer " + s.getValue();
        }
        if (Tag.FLOAT.equals(tag)) {
            return "a number " + s.getValue();
        }
        if (Tag.BOOL.equals(tag)) {
            return "a boolean " + s.getValue();
        }
        return "a string '" + s.getValue() + "'";
    }

    static boolean isString(Node node) {
        return node instanceof ScalarNode s && Tag.STR.equals(s.getTag());
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    /** The integer a node holds, or null when it is no integer or outside the range of a long. */
    static Long integer(Node node) {
        if (!(node instanceof ScalarNode s) || !Tag.INT.equals(s.getTag())) {
            return null;
        }
        String text = s.getValue();
        boolean negative = text.startsWith("-");
        String digits = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        int radix = 10;
        if (digits.startsWith("0x")) {
            radix = 16;
            digits = digits.substring(2);
        } else if (digits.startsWith("0o")) {
            radix = 8;
            digits = digits.substring(2);
        }
        try {
            BigInteger value = new BigInteger(digits, radix);
            value = negative ? value.negate() : value;
            return value.bitLength() < 64 ? value.longValue() : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The boolean a node holds, or null. */
    static Boolean bool(Node node) {
        if (node instanceof ScalarNode s && Tag.BOOL.equals(s.getTag())) {
            return Boolean.parseBoolean(s.getValue().toLowerCase(java.util.Locale.ROOT));
        }
        return null;
    }

    /** A floating-point or integer node's value, or null. */
    static Double number(Node node) {
        if (node instanceof ScalarNode s && (Tag.FLOAT.equals(s.getTag()) || Tag.INT.equals(s.getTag()))) {
            Long i = integer(node);
            if (i != null) {
                return i.doubleValue();
            }
            String v = s.getValue().toLowerCase(java.util.Locale.ROOT);
            if (v.contains("inf") || v.contains("nan")) {
                return null;
            }
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * The Java value of any node, for argument tables; reports what cannot be an AMQP field value
     * (null, a mapping key that is not a string, an integer beyond 64 bits) and returns null for it.
     */
    static Object toJava(Node node, Problems problems) {
        if (node instanceof MappingNode m) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                if (!isString(t.getKeyNode())) {
                    problems.add(t.getKeyNode(), "expected a string key, got " + describe(t.getKeyNode()));
                    continue;
                }
                Object v = toJava(t.getValueNode(), problems);
                if (v != null) {
                    map.put(((ScalarNode) t.getKeyNode()).getValue(), v);
                }
            }
            return map;
        }
        if (node instanceof SequenceNode seq) {
            List<Object> list = new ArrayList<>();
            for (Node item : seq.getValue()) {
                Object v = toJava(item, problems);
                if (v != null) {
                    list.add(v);
                }
            }
            return list;
        }
        ScalarNode s = (ScalarNode) node;
        Tag tag = s.getTag();
        if (Tag.NULL.equals(tag)) {
            problems.add(node, "expected a value, got nothing (null); write \"\" for an empty string");
            return null;
        }
        if (Tag.INT.equals(tag)) {
            Long n = integer(node);
            if (n == null) {
                problems.add(node, "integer " + s.getValue() + " does not fit in 64 bits");
                return null;
            }
            return n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE ? (Object) n.intValue() : (Object) n;
        }
        if (Tag.FLOAT.equals(tag)) {
            Double d = number(node);
            if (d == null) {
                problems.add(node, "expected a finite number, got " + s.getValue());
            }
            return d;
        }
        if (Tag.BOOL.equals(tag)) {
            return bool(node);
        }
        return s.getValue();
    }
}
