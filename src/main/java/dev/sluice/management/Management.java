package dev.sluice.management;

import dev.sluice.config.ConfigService;
import dev.sluice.core.Broker;
import dev.sluice.core.VirtualHost;
import dev.sluice.security.AccessControl;
import dev.sluice.security.UserRegistry;

/**
 * What the API's resources work on: the broker, its users and permissions, the configuration
 * service, the queue rates, and facts for {@code /api/overview}.
 *
 * <p>Threading: immutable holder of thread-safe parts.
 */
record Management(Broker broker, UserRegistry users, AccessControl access, ConfigService config, QueueRates rates,
                  String productVersion, String amqpListener) {
    /** Whether the request's user may see the vhost's objects: administrators and monitors see all. */
    boolean sees(ApiRequest request, String vhost) {
        return request.userHasTag("administrator", "monitoring") || access.mayOpen(request.user().name(), vhost);
    }

    /** The vhosts the request's user may see, by name. */
    java.util.List<VirtualHost> visibleVhosts(ApiRequest request) {
        return broker.virtualHosts().stream().filter(v -> sees(request, v.name()))
                .sorted(java.util.Comparator.comparing(VirtualHost::name)).toList();
    }

    /** The vhost named in the path, or 404 (also when the user may not see it). */
    VirtualHost vhost(ApiRequest request, String name) {
        VirtualHost v = vhost(name);
        if (!sees(request, name)) {
            throw ApiException.notFound("no vhost '" + name + "'");
        }
        return v;
    }

    /** The vhost named in the path, or 404. */
    VirtualHost vhost(String name) {
        VirtualHost v = broker.virtualHosts().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
        if (v == null) {
            throw ApiException.notFound("no vhost '" + name + "'");
        }
        return v;
    }
}
