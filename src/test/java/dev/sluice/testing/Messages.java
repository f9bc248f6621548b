package dev.sluice.testing;

import dev.sluice.core.message.Message;
import dev.sluice.core.message.MessageProperties;
import dev.sluice.core.queue.GetResult;
import dev.sluice.core.queue.Queue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Message factories for tests.
 *
 * <p>Threading: stateless.
 */
public final class Messages {
    private Messages() {
    }

    public static Message text(String body) {
        return Message.builder().body(body).build();
    }

    public static Message text(String body, MessageProperties props) {
        return Message.builder().body(body).properties(props).build();
    }

    public static Message withPriority(String body, int priority) {
        return text(body, MessageProperties.builder().priority(priority).build());
    }

    public static Message withExpiration(String body, long ttl) {
        return text(body, MessageProperties.builder().expiration(Long.toString(ttl)).build());
    }

    public static Message toExchange(String exchange, String key, String body) {
        return Message.builder().exchange(exchange).routingKey(key).body(body).build();
    }

    public static Message toExchange(String exchange, String key, String body, Map<String, Object> headers) {
        return Message.builder().exchange(exchange).routingKey(key).body(body)
                .properties(MessageProperties.builder().headers(headers).build()).build();
    }

    public static String bodyOf(Message m) {
        return m.body().toString(StandardCharsets.UTF_8);
    }

    /** Empties {@code q} with auto-ack gets; the bodies in order. */
    public static List<String> drainWithGets(Queue q) {
        List<String> bodies = new ArrayList<>();
        GetResult r;
        while (!(r = q.get(true)).isEmpty()) {
            bodies.add(bodyOf(r.delivery().message()));
            r.delivery().message().release();
        }
        return bodies;
    }
}
