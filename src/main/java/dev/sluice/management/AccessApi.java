package dev.sluice.management;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sluice.config.UserConfig;
import dev.sluice.security.PasswordHash;
import dev.sluice.security.PermissionRule;
import dev.sluice.security.User;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/users} and {@code /api/permissions}: administrators only, as in RabbitMQ. A user is
 * created with either {@code password} (hashed here, never kept) or {@code password_hash}.
 *
 * <p>Threading: stateless; request threads call it concurrently.
 */
final class AccessApi {
    private static final List<String> USER_FIELDS = List.of("password", "password_hash", "hashing_algorithm", "tags",
            "loopback_only");
    private static final List<String> PERMISSION_FIELDS = List.of("configure", "write", "read");

    private final Management m;
    private final SecureRandom random = new SecureRandom();

    AccessApi(Management m) {
        this.m = m;
    }

    void register(Routes routes) {
        routes.add("GET", "/api/users", this::users)
                .add("GET", "/api/users/{name}", this::user)
                .add("PUT", "/api/users/{name}", this::putUser)
                .add("DELETE", "/api/users/{name}", this::deleteUser)
                .add("GET", "/api/permissions", this::permissions)
                .add("GET", "/api/permissions/{vhost}/{user}", this::permission)
                .add("PUT", "/api/permissions/{vhost}/{user}", this::putPermission)
                .add("DELETE", "/api/permissions/{vhost}/{user}", this::deletePermission);
    }

    private Object users(ApiRequest r) {
        r.requireAdministrator();
        List<User> all = new ArrayList<>(m.users().users());
        all.sort(Comparator.comparing(User::name));
        ArrayNode out = Json.array();
        all.forEach(u -> out.add(Shapes.user(u)));
        return out;
    }

    private User existing(String name) {
        User u = m.users().user(name);
        if (u == null) {
            throw ApiException.notFound("no user '" + name + "'");
        }
        return u;
    }

    private Object user(ApiRequest r) {
        r.requireAdministrator();
        return Shapes.user(existing(r.param("name")));
    }

    private Object putUser(ApiRequest r) {
        r.requireAdministrator();
        JsonNode body = r.json();
        Json.allowOnly(body, "a user", USER_FIELDS);
        String name = r.param("name");
        String password = Json.string(body, "password", null);
        String hash = Json.string(body, "password_hash", null);
        String algorithm = Json.string(body, "hashing_algorithm", "rabbit_password_hashing_sha256");
        if (!algorithm.equals("rabbit_password_hashing_sha256")) {
            throw ApiException.badRequest("hashing_algorithm must be rabbit_password_hashing_sha256, got '"
                    + algorithm + "'");
        }
        if ((password == null) == (hash == null)) {
            throw ApiException.badRequest("give exactly one of 'password' and 'password_hash'");
        }
        PasswordHash parsed = password != null ? PasswordHash.create(password, random) : PasswordHash.parse(hash);
        Set<String> tags = tags(body.get("tags"));
        boolean loopback = Json.bool(body, "loopback_only", name.equals("guest"));
        m.users().put(new User(name, parsed, tags, loopback));
        return null;
    }

    /** Tags as a list or RabbitMQ's older comma-separated string, each one known. */
    private static Set<String> tags(JsonNode node) {
        Set<String> out = new LinkedHashSet<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(t -> out.add(t.asText()));
        } else if (node.isTextual()) {
            for (String t : node.asText().split(",")) {
                if (!t.isBlank()) {
                    out.add(t.strip());
                }
            }
        } else {
            throw ApiException.badRequest("field 'tags' must be a list or a comma-separated string");
        }
        for (String t : out) {
            if (!UserConfig.KNOWN_TAGS.contains(t)) {
                throw ApiException.badRequest("unknown tag '" + t + "' (allowed: " + String.join(", ",
                        UserConfig.KNOWN_TAGS) + ")");
            }
        }
        return out;
    }

    private Object deleteUser(ApiRequest r) {
        r.requireAdministrator();
        existing(r.param("name"));
        m.users().remove(r.param("name"));
        m.access().clearUser(r.param("name"));
        return null;
    }

    private Object permissions(ApiRequest r) {
        r.requireAdministrator();
        ArrayNode out = Json.array();
        m.access().rules().forEach(p -> out.add(Shapes.permission(p)));
        return out;
    }

    private Object permission(ApiRequest r) {
        r.requireAdministrator();
        PermissionRule rule = m.access().rule(r.param("user"), r.param("vhost"));
        if (rule == null) {
            throw ApiException.notFound("user '" + r.param("user") + "' has no permissions in vhost '"
                    + r.param("vhost") + "'");
        }
        return Shapes.permission(rule);
    }

    private Object putPermission(ApiRequest r) {
        r.requireAdministrator();
        m.vhost(r.param("vhost"));
        existing(r.param("user"));
        JsonNode body = r.json();
        Json.allowOnly(body, "a permission", PERMISSION_FIELDS);
        m.access().set(new PermissionRule(r.param("user"), r.param("vhost"), Json.requiredString(body, "configure"),
                Json.requiredString(body, "write"), Json.requiredString(body, "read")));
        return null;
    }

    private Object deletePermission(ApiRequest r) {
        r.requireAdministrator();
        if (!m.access().clear(r.param("user"), r.param("vhost"))) {
            throw ApiException.notFound("user '" + r.param("user") + "' has no permissions in vhost '"
                    + r.param("vhost") + "'");
        }
        return null;
    }
}
