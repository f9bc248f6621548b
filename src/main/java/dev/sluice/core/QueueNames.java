package dev.sluice.core;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes server-generated queue names in RabbitMQ's form: {@code amq.gen-} and 22 URL-safe
 * base64 characters of randomness.
 *
 * <p>Threading: thread-safe.
 */
final class QueueNames {
    private final SecureRandom random = new SecureRandom();

    String next() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return "amq.gen-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
