package dev.sluice.config;

import dev.sluice.core.Broker;
import dev.sluice.core.VirtualHost;
import dev.sluice.core.queue.Queue;
import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.routing.Exchange;
import dev.sluice.core.routing.ExchangeDefinition;
import dev.sluice.security.AccessControl;
import dev.sluice.security.User;
import dev.sluice.security.UserRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A running broker's definitions in the shape of a configuration, for {@link ConfigDiff} and for
 * exporting definitions. Built-in exchanges ({@code amq.*} and the default one) are left out;
 * exclusive queues are kept (so a name taken by one is seen as taken).
 *
 * <p>Threading: stateless; a capture reads each registry once, so it is a snapshot per object,
 * not of the whole broker at one instant.
 */
public final class RunningState {
    private RunningState() {
    }

    public static SluiceConfig capture(Broker broker, UserRegistry users, AccessControl access) {
        List<VhostConfig> vhosts = new ArrayList<>();
        List<VirtualHost> sorted = new ArrayList<>(broker.virtualHosts());
        sorted.sort(Comparator.comparing(VirtualHost::name));
        for (VirtualHost v : sorted) {
            vhosts.add(vhost(v));
        }
        List<UserConfig> userConfigs = new ArrayList<>();
        List<User> all = new ArrayList<>(users.users());
        all.sort(Comparator.comparing(User::name));
        for (User u : all) {
            userConfigs.add(UserConfig.of(u));
        }
        return new SluiceConfig(ServerConfig.NONE, true, userConfigs, access.rules(), vhosts);
    }

    /** One virtual host's exchanges (built-ins left out), queues, bindings and policies. */
    public static VhostConfig vhost(VirtualHost v) {
        List<ExchangeDefinition> exchanges = new ArrayList<>();
        for (Exchange x : v.exchanges()) {
            if (!x.name().isEmpty() && !x.name().startsWith("amq.")) {
                exchanges.add(x.definition());
            }
        }
        exchanges.sort(Comparator.comparing(ExchangeDefinition::name));
        List<QueueDefinition> queues = new ArrayList<>();
        for (Queue q : v.queues()) {
            queues.add(q.definition());
        }
        queues.sort(Comparator.comparing(QueueDefinition::name));
        return new VhostConfig(v.name(), exchanges, queues, v.bindings(), v.policies().policies());
    }
}
