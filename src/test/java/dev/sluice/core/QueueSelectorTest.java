package dev.sluice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.core.message.Message;
import dev.sluice.core.queue.FilterLanguage;
import dev.sluice.core.queue.GetResult;
import dev.sluice.core.queue.Queue;
import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.Destination;
import dev.sluice.testing.Messages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queues with a selector ({@link QueueDefinition#SELECTOR_ARGUMENT}, the JMS topic subscriptions):
 * only selected messages are enqueued, the others are not kept; plain queues take everything; the
 * selector of a durable queue comes back after a restart. The language here is a toy one,
 * {@code header=value}.
 */
class QueueSelectorTest {
    private static final Owner OWNER = new Owner("test");
    private static final FilterLanguage HEADER_EQUALS = expression -> {
        String[] parts = expression.split("=", 2);
        if (parts.length != 2) {
            throw BrokerException.precondition("not header=value: " + expression);
        }
        return m -> parts[1].equals(String.valueOf(m.properties().headers().get(parts[0])));
    };

    @TempDir
    Path dataDir;

    private Broker open() {
        return new Broker(BrokerSettings.durable(dataDir).withFilters(HEADER_EQUALS));
    }

    private static QueueDefinition selective(String name, String selector) {
        return QueueDefinition.durable(name, Map.of(QueueDefinition.SELECTOR_ARGUMENT, selector));
    }

    /** The durable queue {@code reds} selecting {@code color=red}, bound to {@code amq.topic} with key {@code paint}. */
    private static Queue declareReds(VirtualHost v) {
        Queue q = v.declareQueue(selective("reds", "color=red"), OWNER, false);
        v.bind(new Binding("amq.topic", Destination.queue("reds"), "paint"), OWNER);
        return q;
    }

    private static void publishColors(VirtualHost v, String... colors) {
        for (String color : colors) {
            v.publish(Messages.toExchange("amq.topic", "paint", color, Map.of("color", color)));
        }
    }

    private static List<String> drain(Queue q) {
        List<String> bodies = new ArrayList<>();
        GetResult r;
        while ((r = q.get(true)).delivery() != null) {
            Message m = r.delivery().message();
            bodies.add(Messages.bodyOf(m));
            m.release();
        }
        return bodies;
    }

    @Test
    void aQueueWithASelectorKeepsOnlyWhatItSelectsAndAPlainQueueKeepsEverything() {
        try (Broker broker = open()) {
            VirtualHost v = broker.defaultVirtualHost();
            Queue reds = declareReds(v);
            Queue all = v.declareQueue(QueueDefinition.durable("all", Map.of()), OWNER, false);
            v.bind(new Binding("amq.topic", Destination.queue("all"), "paint"), OWNER);
            publishColors(v, "blue", "red", "green", "red");
            assertEquals(2, reds.messageCount());
            assertEquals(List.of("red", "red"), drain(reds));
            assertEquals(List.of("blue", "red", "green", "red"), drain(all));
        }
    }

    @Test
    void aMessageOnlyASelectiveQueueRefusesIsUnroutable() {
        try (Broker broker = open()) {
            VirtualHost v = broker.defaultVirtualHost();
            declareReds(v);
            RoutingResult r = v.publish(Messages.toExchange("amq.topic", "paint", "blue", Map.of("color", "blue")));
            assertEquals(0, r.queues());
            assertEquals(0, v.queue("reds").messageCount());
        }
    }

    @Test
    void anInvalidSelectorIsRefusedAndNothingIsMade() {
        try (Broker broker = open()) {
            VirtualHost v = broker.defaultVirtualHost();
            BrokerException e = assertThrows(BrokerException.class,
                    () -> v.declareQueue(selective("bad", "no equals sign"), OWNER, false));
            assertEquals(ErrorKind.PRECONDITION_FAILED, e.kind());
            assertNull(v.queue("bad"));
        }
    }

    @Test
    void aBrokerWithoutAFilterLanguageRefusesSelectors() {
        try (Broker broker = new Broker(BrokerSettings.defaults().withDataDir(dataDir))) {
            BrokerException e = assertThrows(BrokerException.class, () -> broker.defaultVirtualHost()
                    .declareQueue(selective("reds", "color=red"), OWNER, false));
            assertEquals(ErrorKind.PRECONDITION_FAILED, e.kind());
        }
    }

    @Test
    void aDurableQueueKeepsItsSelectorAcrossARestart() {
        try (Broker broker = open()) {
            declareReds(broker.defaultVirtualHost());
        }
        try (Broker broker = open()) {
            VirtualHost v = broker.defaultVirtualHost();
            Queue reds = v.queue("reds");
            assertEquals("color=red", reds.definition().selector());
            publishColors(v, "blue", "red", "green");
            assertEquals(List.of("red"), drain(reds));
        }
    }
}
