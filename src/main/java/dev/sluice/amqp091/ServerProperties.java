package dev.sluice.amqp091;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server-properties table of connection.start: the product, its version, and the capabilities
 * RabbitMQ clients look for before using an extension.
 *
 * <p>Threading: stateless.
 */
final class ServerProperties {
    private ServerProperties() {
    }

    static Map<String, Object> of(String version) {
        Map<String, Object> capabilities = new LinkedHashMap<>();
        for (String c : new String[] {"publisher_confirms", "exchange_exchange_bindings", "basic.nack",
                "consumer_cancel_notify", "connection.blocked", "authentication_failure_close",
                "per_consumer_qos", "direct_reply_to", "consumer_priorities"}) {
            capabilities.put(c, Boolean.TRUE);
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("product", "Sluice");
        props.put("version", version);
        props.put("platform", "Java " + Runtime.version().feature());
        props.put("information", "Sluice message broker");
        props.put("cluster_name", "sluice");
        props.put("capabilities", capabilities);
        return props;
    }
}
