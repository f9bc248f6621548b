package dev.sluice.management;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.security.User;
import java.util.List;
import java.util.Map;

/**
 * One authenticated API request: the method, the path parameters a route named, the query
 * parameters (each name with its values, in order) and the body.
 *
 * <p>Threading: immutable; used by the one thread that serves the request.
 */
public record ApiRequest(String method, Map<String, String> params, Map<String, List<String>> query, byte[] body,
                         User user) {
    /** A path parameter the route declares. */
    public String param(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalStateException("route has no parameter " + name);
        }
        return v;
    }

    /** The first value of a query parameter, or null. */
    public String queryValue(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body as a JSON object (400 when it is not one). */
    public JsonNode json() {
        return Json.parseObject(body);
    }

    /** Whether the user has one of the tags. */
    public boolean userHasTag(String... tags) {
        for (String t : tags) {
            if (user.tags().contains(t)) {
                return true;
            }
        }
        return false;
    }

    /** 403 unless the user is an administrator. */
    public void requireAdministrator() {
        if (!userHasTag("administrator")) {
            throw ApiException.forbidden("user '" + user.name() + "' is not an administrator");
        }
    }
}
