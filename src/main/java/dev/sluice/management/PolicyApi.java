package dev.sluice.management;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sluice.core.NamePatterns;
import dev.sluice.core.VirtualHost;
import dev.sluice.core.policy.Policy;
import dev.sluice.core.policy.PolicyKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/policies}: list, show, set and clear policies; setting or clearing one applies at
 * once to existing queues and exchanges. Changing policies needs the {@code administrator} or
 * {@code policymaker} tag.
 *
 * <p>Threading: stateless; each change is one {@code VirtualHost.updatePolicies}, atomic with
 * respect to other policy changes (reloads included).
 */
final class PolicyApi {
    private static final List<String> FIELDS = List.of("pattern", "definition", "priority", "apply-to");

    private final Management m;

    PolicyApi(Management m) {
        this.m = m;
    }

    void register(Routes routes) {
        routes.add("GET", "/api/policies", this::listAll)
                .add("GET", "/api/policies/{vhost}", this::listVhost)
                .add("GET", "/api/policies/{vhost}/{name}", this::show)
                .add("PUT", "/api/policies/{vhost}/{name}", this::put)
                .add("DELETE", "/api/policies/{vhost}/{name}", this::delete);
    }

    private Object listAll(ApiRequest r) {
        ArrayNode out = Json.array();
        for (VirtualHost v : m.visibleVhosts(r)) {
            v.policies().policies().forEach(p -> out.add(Shapes.policy(v.name(), p)));
        }
        return out;
    }

    private Object listVhost(ApiRequest r) {
        VirtualHost v = m.vhost(r, r.param("vhost"));
        ArrayNode out = Json.array();
        v.policies().policies().forEach(p -> out.add(Shapes.policy(v.name(), p)));
        return out;
    }

    private Object show(ApiRequest r) {
        VirtualHost v = m.vhost(r, r.param("vhost"));
        return v.policies().policies().stream().filter(p -> p.name().equals(r.param("name"))).findFirst()
                .map(p -> Shapes.policy(v.name(), p))
                .orElseThrow(() -> ApiException.notFound("no policy '" + r.param("name") + "' in vhost '"
                        + v.name() + "'"));
    }

    private void requirePolicymaker(ApiRequest r) {
        if (!r.userHasTag("administrator", "policymaker")) {
            throw ApiException.forbidden("user '" + r.user().name() + "' may not change policies "
                    + "(needs the administrator or policymaker tag)");
        }
    }

    private Object put(ApiRequest r) {
        requirePolicymaker(r);
        VirtualHost v = m.vhost(r, r.param("vhost"));
        JsonNode body = r.json();
        Json.allowOnly(body, "a policy", FIELDS);
        String pattern = Json.requiredString(body, "pattern");
        String problem = NamePatterns.problem(pattern);
        if (problem != null) {
            throw ApiException.badRequest(problem);
        }
        String applyToName = Json.string(body, "apply-to", "all");
        Policy.ApplyTo applyTo = Policy.ApplyTo.fromWireName(applyToName);
        if (applyTo == null) {
            throw ApiException.badRequest("apply-to must be queues, exchanges or all, got '" + applyToName + "'");
        }
        if (!body.has("definition")) {
            throw ApiException.badRequest("field 'definition' is required");
        }
        Map<String, Object> definition = Json.table(body, "definition");
        List<String> problems = PolicyKeys.checkDefinition(definition, applyTo);
        if (!problems.isEmpty()) {
            throw ApiException.badRequest(String.join("; ", problems));
        }
        Policy policy = new Policy(r.param("name"), pattern, applyTo, (int) Json.integer(body, "priority", 0),
                definition);
        v.updatePolicies(current -> {
            List<Policy> all = new ArrayList<>(current);
            all.removeIf(p -> p.name().equals(policy.name()));
            all.add(policy);
            return all;
        });
        return null;
    }

    private Object delete(ApiRequest r) {
        requirePolicymaker(r);
        VirtualHost v = m.vhost(r, r.param("vhost"));
        v.updatePolicies(current -> {
            List<Policy> all = new ArrayList<>(current);
            if (!all.removeIf(p -> p.name().equals(r.param("name")))) {
                throw ApiException.notFound("no policy '" + r.param("name") + "' in vhost '" + v.name() + "'");
            }
            return all;
        });
        return null;
    }
}
