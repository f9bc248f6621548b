package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The command line's way to a running broker: its management API, with basic auth. A refusal
 * becomes a {@link CliException} whose one line says the HTTP status and the broker's reason;
 * an unreachable broker says so with the URL.
 *
 * <p>Threading: immutable; one command uses it from the main thread.
 */
public final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String base;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public ApiClient(String url, String user, String password) {
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** One path segment, percent-encoded ({@code /} becomes {@code %2F}). */
    public static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public JsonNode get(String path) {
        return send("GET", path, null, "application/json");
    }

    public JsonNode post(String path, JsonNode body) {
        return send("POST", path, body == null ? null : body.toString(), "application/json");
    }

    public JsonNode postText(String path, String body, String contentType) {
        return send("POST", path, body, contentType);
    }

    public JsonNode delete(String path) {
        return send("DELETE", path, null, "application/json");
    }

    /**
     * Sends a request; returns the JSON answer (an empty object for 204).
     *
     * @throws CliException for a failure, in one line (with the problems of a configuration as details)
     */
    JsonNode send(String method, String path, String body, String contentType) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Authorization", authorization).header("Content-Type", contentType)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CliException("cannot reach the broker at " + base + " (is it running? see --url)");
        } catch (IOException e) {
            throw new CliException("cannot reach the broker at " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        JsonNode json = parse(response.body());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return json == null ? JSON.createObjectNode() : json;
        }
        if (json != null && json.has("problems")) {
            java.util.List<String> problems = new java.util.ArrayList<>();
            json.path("problems").forEach(p -> problems.add(p.asText()));
            throw new CliException(json.path("reason").asText().lines().findFirst().orElse("invalid"), problems);
        }
        String reason = json == null ? response.body() : json.path("reason").asText(response.body());
        throw new CliException("HTTP " + status + " from " + method + " " + path + ": " + reason.strip());
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
