package dev.sluice.management;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sluice.core.ClientConnections;
import dev.sluice.core.ConnectionInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code /api/connections}, {@code /api/channels} and {@code /api/consumers}: what the open
 * client connections look like now. A non-administrator sees their own connections only.
 *
 * <p>Threading: stateless; each listing asks every connection for a snapshot on its own thread.
 */
final class ClientsApi {
    private final Management m;

    ClientsApi(Management m) {
        this.m = m;
    }

    void register(Routes routes) {
        routes.add("GET", "/api/connections", this::connections)
                .add("GET", "/api/channels", this::channels)
                .add("GET", "/api/consumers", r -> consumers(r, null))
                .add("GET", "/api/consumers/{vhost}", r -> consumers(r, r.param("vhost")));
    }

    private List<ConnectionInfo> visible(ApiRequest r) {
        List<ConnectionInfo> out = new ArrayList<>();
        boolean all = r.userHasTag("administrator", "monitoring");
        for (ClientConnections.Client c : m.broker().connections().clients()) {
            ConnectionInfo info = c.describe();
            if (info != null && (all || info.user().equals(r.user().name()))) {
                out.add(info);
            }
        }
        out.sort(Comparator.comparing(ConnectionInfo::name));
        return out;
    }

    private Object connections(ApiRequest r) {
        ArrayNode out = Json.array();
        visible(r).forEach(c -> out.add(Shapes.connection(c)));
        return out;
    }

    private Object channels(ApiRequest r) {
        ArrayNode out = Json.array();
        for (ConnectionInfo c : visible(r)) {
            c.channels().forEach(ch -> out.add(Shapes.channel(c, ch)));
        }
        return out;
    }

    private Object consumers(ApiRequest r, String vhost) {
        ArrayNode out = Json.array();
        for (ConnectionInfo c : visible(r)) {
            if (vhost != null && !c.vhost().equals(vhost)) {
                continue;
            }
            for (ConnectionInfo.ChannelInfo ch : c.channels()) {
                ch.consumers().forEach(consumer -> out.add(Shapes.consumer(c, ch, consumer)));
            }
        }
        return out;
    }
}
