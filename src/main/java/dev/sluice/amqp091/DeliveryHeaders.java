package dev.sluice.amqp091;

import dev.sluice.core.message.Message;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Headers a delivery carries beyond what was published: {@code x-delivery-count} on a message that
 * came back after failed deliveries, as RabbitMQ's quorum queues send it. A message delivered for
 * the first time goes out with the publisher's own property bytes untouched.
 *
 * <p>Threading: stateless.
 */
final class DeliveryHeaders {
    private DeliveryHeaders() {
    }

    /**
     * The message as it should be delivered. The result shares the body (and its reference) with
     * {@code m}; the caller keeps releasing {@code m} only.
     */
    static Message forDelivery(Message m, int deliveryCount) {
        if (deliveryCount <= 0) {
            return m;
        }
        Map<String, Object> headers = new LinkedHashMap<>(m.properties().headers());
        headers.put("x-delivery-count", (long) deliveryCount);
        return m.toBuilder().properties(m.properties().withHeaders(headers)).build();
    }
}
