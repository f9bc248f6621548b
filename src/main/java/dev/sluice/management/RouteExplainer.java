package dev.sluice.management;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.VirtualHost;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.Destination;
import dev.sluice.core.routing.Exchange;
import dev.sluice.core.routing.ExchangeDefinition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Explains where a message would go without publishing it: the queues it would reach and every
 * binding it would follow on the way, exchange to exchange, with alternate exchanges taken when
 * an exchange's own bindings match nothing (the rules of {@code Router}, which it mirrors).
 * Each binding is tested on its own by routing through a one-binding exchange of the same type,
 * so the matching rules are the exchanges' own.
 *
 * <p>Threading: stateless; reads the virtual host's concurrent registries.
 */
final class RouteExplainer {
    private RouteExplainer() {
    }

    static ObjectNode explain(VirtualHost vhost, String exchangeName, String routingKey, Map<String, Object> headers) {
        Exchange start = vhost.exchange(exchangeName);
        if (start == null) {
            throw ApiException.notFound("no exchange '" + exchangeName + "' in vhost '" + vhost.name() + "'");
        }
        ArrayNode steps = Json.array();
        Set<String> queues = new LinkedHashSet<>();
        Set<String> visited = new HashSet<>();
        Deque<Exchange> work = new ArrayDeque<>();
        work.add(start);
        visited.add(start.name());
        while (!work.isEmpty()) {
            Exchange x = work.poll();
            List<Binding> matched = matching(vhost, x, routingKey, headers);
            if (matched.isEmpty()) {
                String ae = x.alternateExchange();
                Exchange alternate = ae == null ? null : vhost.exchange(ae);
                if (alternate != null && visited.add(alternate.name())) {
                    steps.addObject().put("exchange", shown(x)).put("alternate_exchange", alternate.name());
                    work.add(alternate);
                }
                continue;
            }
            for (Binding b : matched) {
                ObjectNode step = steps.addObject().put("exchange", shown(x))
                        .put("destination", b.destination().name())
                        .put("destination_type", b.destination().isQueue() ? "queue" : "exchange")
                        .put("routing_key", b.routingKey());
                step.set("arguments", Json.fromTable(b.arguments()));
                if (b.destination().isQueue()) {
                    queues.add(b.destination().name());
                } else {
                    Exchange next = vhost.exchange(b.destination().name());
                    if (next != null && visited.add(next.name())) {
                        work.add(next);
                    }
                }
            }
        }
        ObjectNode out = Json.object().put("vhost", vhost.name()).put("exchange", shown(start))
                .put("routing_key", routingKey).put("routed", !queues.isEmpty());
        ArrayNode q = out.putArray("queues");
        queues.forEach(q::add);
        out.set("path", steps);
        return out;
    }

    private static String shown(Exchange x) {
        return x.name().isEmpty() ? "amq.default" : x.name();
    }

    /** The exchange's bindings that select the message; the default exchange's implicit one too. */
    private static List<Binding> matching(VirtualHost vhost, Exchange x, String key, Map<String, Object> headers) {
        List<Binding> out = new ArrayList<>();
        if (x.name().isEmpty()) {
            if (vhost.queue(key) != null) {
                out.add(new Binding("", Destination.queue(key), key));
            }
            return out;
        }
        for (Binding b : x.bindings()) {
            Exchange probe = Exchange.create(new ExchangeDefinition("probe", x.type(), false, false, false, Map.of()));
            probe.bind(new Binding("probe", b.destination(), b.routingKey(), b.arguments()));
            List<Destination> hit = new ArrayList<>();
            probe.route(key, headers, hit);
            if (!hit.isEmpty()) {
                out.add(b);
            }
        }
        return out;
    }
}
