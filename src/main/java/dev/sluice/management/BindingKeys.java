package dev.sluice.management;

import dev.sluice.core.routing.Binding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.TreeMap;

/**
 * The {@code properties_key} that names one binding in API paths, as RabbitMQ's has it: the
 * routing key alone when there are no arguments (percent-encoded in the path), else the routing
 * key and a short hash of the arguments.
 *
 * <p>Threading: stateless.
 */
final class BindingKeys {
    private BindingKeys() {
    }

    static String propertiesKey(Binding b) {
        if (b.arguments().isEmpty()) {
            return b.routingKey().isEmpty() ? "~" : b.routingKey();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    new TreeMap<>(b.arguments()).toString().getBytes(StandardCharsets.UTF_8));
            String hash = Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
            return b.routingKey() + "~" + hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
