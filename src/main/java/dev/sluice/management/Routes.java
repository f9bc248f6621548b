package dev.sluice.management;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The API's route table: a method and a path pattern such as {@code /api/queues/{vhost}/{name}}
 * lead to a handler. Path segments arrive percent-decoded, so {@code %2F} (the default vhost) is
 * one segment {@code /}.
 *
 * <p>Threading: filled at start, read-only afterwards.
 */
final class Routes {
    /** A handler: returns the JSON to send (null: 204 No Content). */
    interface Handler {
        Object handle(ApiRequest request) throws Exception;
    }

    /**
     * One route.
     *
     * <p>Threading: immutable.
     */
    private record Route(String method, String[] pattern, Handler handler) {
    }

    /**
     * A matched route with its path parameters.
     *
     * <p>Threading: immutable.
     */
    record Match(Handler handler, Map<String, String> params) {
    }

    private final List<Route> routes = new ArrayList<>();

    Routes add(String method, String pattern, Handler handler) {
        routes.add(new Route(method, pattern.substring(1).split("/"), handler));
        return this;
    }

    /**
     * The route for the request, or null with {@code allowedMethods} filled when the path exists
     * with other methods only (405).
     */
    Match find(String method, List<String> segments, List<String> allowedMethods) {
        for (Route r : routes) {
            Map<String, String> params = match(r.pattern, segments);
            if (params == null) {
                continue;
            }
            if (r.method.equals(method)) {
                return new Match(r.handler, params);
            }
            allowedMethods.add(r.method);
        }
        return null;
    }

    private static Map<String, String> match(String[] pattern, List<String> segments) {
        if (pattern.length != segments.size()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                params.put(p.substring(1, p.length() - 1), segments.get(i));
            } else if (!p.equals(segments.get(i))) {
                return null;
            }
        }
        return params;
    }
}
