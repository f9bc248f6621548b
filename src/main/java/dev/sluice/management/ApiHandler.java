package dev.sluice.management;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.sluice.config.ConfigProblem;
import dev.sluice.config.InvalidConfigException;
import dev.sluice.core.BrokerException;
import dev.sluice.security.AuthenticationException;
import dev.sluice.security.User;
import dev.sluice.security.UserRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Serves {@code /api/...}: decodes the path (percent-encoded segments, so {@code %2F} is the
 * vhost {@code /}) and the query, authenticates with HTTP basic auth against the broker's users
 * (401 for wrong credentials or a user without a management tag), finds the route (404, 405),
 * runs it and writes JSON. Refusals become RabbitMQ's error bodies:
 * {@code {"error": "...", "reason": "..."}}.
 *
 * <p>Threading: called by the HTTP server's worker threads, any number at once; holds no state
 * of its own beyond the route table.
 */
final class ApiHandler implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(ApiHandler.class.getName());
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    /** Tags that may use the API at all (RabbitMQ's management plugin has the same rule). */
    private static final Set<String> MANAGEMENT_TAGS = Set.of("administrator", "management", "monitoring",
            "policymaker");

    private final Routes routes;
    private final UserRegistry users;

    ApiHandler(Routes routes, UserRegistry users) {
        this.routes = routes;
        this.users = users;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                serve(exchange);
            } catch (ApiException e) {
                sendError(exchange, e.status(), e.error(), e.getMessage(), null);
            } catch (InvalidConfigException e) {
                sendError(exchange, 400, "bad_request", e.getMessage() + "\n" + e.listing().stripTrailing(),
                        e.problems());
            } catch (BrokerException e) {
                sendError(exchange, statusOf(e), e.kind().replyName().toLowerCase(java.util.Locale.ROOT),
                        e.getMessage(), null);
            } catch (IllegalArgumentException e) {
                sendError(exchange, 400, "bad_request", e.getMessage(), null);
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, "management API request " + exchange.getRequestURI() + " failed", e);
                sendError(exchange, 500, "internal_error", String.valueOf(e), null);
            }
        }
    }

    private void serve(HttpExchange exchange) throws Exception {
        List<String> segments = PathCodec.segments(exchange.getRequestURI().getRawPath());
        User user = authenticate(exchange);
        List<String> allowed = new ArrayList<>();
        Routes.Match match = routes.find(exchange.getRequestMethod(), segments, allowed);
        if (match == null) {
            if (!allowed.isEmpty()) {
                exchange.getResponseHeaders().add("Allow", String.join(", ", allowed));
                throw new ApiException(405, "method_not_allowed", exchange.getRequestMethod() + " is not allowed here "
                        + "(allowed: " + String.join(", ", allowed) + ")");
            }
            throw ApiException.notFound("Not Found");
        }
        Map<String, List<String>> query = PathCodec.query(exchange.getRequestURI().getRawQuery());
        ApiRequest request = new ApiRequest(exchange.getRequestMethod(), match.params(), query,
                readBody(exchange.getRequestBody()), user);
        Object result = match.handler().handle(request);
        if (result == null) {
            exchange.sendResponseHeaders(204, -1);
        } else if (result instanceof String text) {
            send(exchange, 200, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        } else {
            send(exchange, 200, "application/json", Json.MAPPER.writeValueAsBytes(result));
        }
    }

    private User authenticate(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw unauthorized(exchange, "Not authorized: send HTTP basic credentials");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unauthorized(exchange, "Not authorized: malformed basic credentials");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw unauthorized(exchange, "Not authorized: malformed basic credentials");
        }
        User user;
        try {
            user = users.authenticate("basic", decoded.substring(0, colon), decoded.substring(colon + 1),
                    exchange.getRemoteAddress());
        } catch (AuthenticationException e) {
            LOG.log(System.Logger.Level.INFO, "management API login refused: {0}", e.getMessage());
            throw unauthorized(exchange, "Login failed");
        }
        if (user.tags().stream().noneMatch(MANAGEMENT_TAGS::contains)) {
            throw unauthorized(exchange, "Not management user");
        }
        return user;
    }

    private static ApiException unauthorized(HttpExchange exchange, String reason) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Sluice Management\"");
        return new ApiException(401, "not_authorized", reason);
    }

    private static int statusOf(BrokerException e) {
        return switch (e.kind()) {
            case NOT_FOUND -> 404;
            case ACCESS_REFUSED -> 403;
            case INTERNAL_ERROR -> 500;
            default -> 400;
        };
    }

    private static byte[] readBody(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_BODY_BYTES) {
                throw new ApiException(413, "payload_too_large", "request bodies are limited to "
                        + MAX_BODY_BYTES + " bytes");
            }
        }
        return out.toByteArray();
    }

    private static void sendError(HttpExchange exchange, int status, String error, String reason,
                                  List<ConfigProblem> problems) throws IOException {
        ObjectNode body = Json.object().put("error", error).put("reason", reason);
        if (problems != null) {
            var list = body.putArray("problems");
            problems.forEach(p -> list.add(p.toString()));
        }
        send(exchange, status, "application/json", Json.MAPPER.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
