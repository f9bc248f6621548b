package dev.sluice.management;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON in and out of the API with Jackson's tree model: parsing a body with the reason of a
 * failure, checking that an object has only known fields of the right types, and converting
 * argument tables between JSON and the core's field values.
 *
 * <p>Threading: stateless; the shared {@link ObjectMapper} is thread-safe once configured.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Parses a request body that must be a JSON object; 400 with the parser's reason otherwise. */
    public static JsonNode parseObject(byte[] body) {
        if (body.length == 0) {
            throw ApiException.badRequest("the request needs a JSON object as its body");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
            throw ApiException.badRequest("invalid JSON: " + reason);
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        return node;
    }

    /** 400 naming the first field that is not in {@code allowed}. */
    public static void allowOnly(JsonNode object, String what, List<String> allowed) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("unknown field '" + name + "' in " + what + " (allowed: "
                        + String.join(", ", allowed) + ")");
            }
        }
    }

    public static String string(JsonNode object, String field, String absent) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("field '" + field + "' must be a string, got " + v);
        }
        return v.asText();
    }

    public static String requiredString(JsonNode object, String field) {
        String s = string(object, field, null);
        if (s == null) {
            throw ApiException.badRequest("field '" + field + "' is required");
        }
        return s;
    }

    public static boolean bool(JsonNode object, String field, boolean absent) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isBoolean()) {
            throw ApiException.badRequest("field '" + field + "' must be true or false, got " + v);
        }
        return v.asBoolean();
    }

    public static long integer(JsonNode object, String field, long absent) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isIntegralNumber()) {
            throw ApiException.badRequest("field '" + field + "' must be an integer, got " + v);
        }
        return v.asLong();
    }

    /** An arguments table (or headers): a JSON object whose values become field values. */
    public static Map<String, Object> table(JsonNode object, String field) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw ApiException.badRequest("field '" + field + "' must be a JSON object, got " + v);
        }
        return toTable(v);
    }

    /** A JSON object as a table of field values: integers as Integer or Long, decimals as Double. */
    public static Map<String, Object> toTable(JsonNode object) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            Object value = toValue(e.getValue());
            if (value != null) {
                out.put(e.getKey(), value);
            }
        }
        return out;
    }

    private static Object toValue(JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToInt() ? (Object) v.intValue() : (Object) v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isArray()) {
            List<Object> list = new ArrayList<>();
            v.forEach(item -> {
                Object o = toValue(item);
                if (o != null) {
                    list.add(o);
                }
            });
            return list;
        }
        if (v.isObject()) {
            return toTable(v);
        }
        return null;
    }

    /** A table of field values as JSON; byte arrays become strings, dates epoch seconds. */
    public static JsonNode fromTable(Map<String, Object> table) {
        ObjectNode out = object();
        for (Map.Entry<String, Object> e : table.entrySet()) {
            out.set(e.getKey(), fromValue(e.getValue()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static JsonNode fromValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return fromTable((Map<String, Object>) m);
        }
        if (v instanceof List<?> list) {
            ArrayNode a = array();
            list.forEach(item -> a.add(fromValue(item)));
            return a;
        }
        if (v instanceof byte[] b) {
            return MAPPER.getNodeFactory().textNode(new String(b, java.nio.charset.StandardCharsets.UTF_8));
        }
        if (v instanceof java.util.Date d) {
            return MAPPER.getNodeFactory().numberNode(d.getTime() / 1000);
        }
        if (v instanceof java.math.BigDecimal d) {
            return MAPPER.getNodeFactory().numberNode(d);
        }
        return MAPPER.valueToTree(v);
    }
}
