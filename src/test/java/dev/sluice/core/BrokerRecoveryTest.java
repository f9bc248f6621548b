package dev.sluice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.message.Message;
import dev.sluice.core.message.MessageProperties;
import dev.sluice.core.queue.Delivery;
import dev.sluice.core.queue.GetResult;
import dev.sluice.core.queue.Queue;
import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.Destination;
import dev.sluice.core.routing.ExchangeDefinition;
import dev.sluice.core.routing.ExchangeType;
import dev.sluice.store.QueueKey;
import dev.sluice.store.StoreSettings;
import dev.sluice.store.mapdb.MapDbMessageStore;
import dev.sluice.store.mapdb.StoreFormat;
import dev.sluice.store.mapdb.StoreFormatException;
import dev.sluice.testing.Messages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker on a MapDB store, closed (or crashed) and started again on the same directory: durable
 * definitions and persistent messages come back in order with their delivery state; transient
 * ones do not. No sockets: the test drives the core directly.
 */
class BrokerRecoveryTest {
    private static final Owner OWNER = new Owner("test-connection");
    /** Commits only when asked, so the crash test knows exactly what was confirmed. */
    private static final StoreSettings ON_REQUEST = StoreSettings.mapDb().withCommitInterval(Duration.ofMinutes(10));

    @TempDir
    Path dataDir;

    private Broker open() {
        return new Broker(BrokerSettings.durable(dataDir));
    }

    private static Message persistent(String exchange, String key, String body, Integer priority) {
        return Message.builder().exchange(exchange).routingKey(key).body(body)
                .properties(MessageProperties.builder().persistent().priority(priority).build()).build();
    }

    private static Message transientMessage(String exchange, String key, String body) {
        return Messages.toExchange(exchange, key, body);
    }

    /** Declares durable and transient things alike; returns the default virtual host. */
    private static VirtualHost declareTopology(Broker broker) {
        VirtualHost v = broker.defaultVirtualHost();
        v.declareExchange(new ExchangeDefinition("orders", ExchangeType.TOPIC, true, false, false,
                Map.of("alternate-exchange", "unrouted")), false);
        v.declareExchange(ExchangeDefinition.of("unrouted", ExchangeType.FANOUT), false);
        v.declareExchange(new ExchangeDefinition("temp", ExchangeType.DIRECT, false, false, false, Map.of()), false);
        v.declareQueue(QueueDefinition.durable("work", Map.of("x-max-priority", 5,
                "x-dead-letter-exchange", "amq.direct", "x-dead-letter-routing-key", "dead")), OWNER, false);
        v.declareQueue(QueueDefinition.durable("dlq", Map.of()), OWNER, false);
        v.declareQueue(QueueDefinition.transientQueue("scratch", Map.of()), OWNER, false);
        v.declareQueue(new QueueDefinition("mine", true, true, false, Map.of()), OWNER, false);
        v.bind(new Binding("orders", Destination.queue("work"), "eu.#"), OWNER);
        v.bind(new Binding("orders", Destination.queue("scratch"), "eu.#"), OWNER);
        v.bind(new Binding("orders", Destination.queue("mine"), "eu.#"), OWNER);
        v.bind(new Binding("temp", Destination.queue("work"), "k"), OWNER);
        v.bind(new Binding("amq.direct", Destination.queue("dlq"), "dead"), OWNER);
        return v;
    }

    private static Delivery get(Queue q) {
        GetResult r = q.get(false);
        assertNotNull(r.delivery(), "a message in " + q);
        r.delivery().message().release();
        return r.delivery();
    }

    private static void awaitDurable(Broker broker) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        broker.store().whenDurable(done::countDown);
        ((MapDbMessageStore) broker.store()).storage().requestCommit();
        assertTrue(done.await(10, TimeUnit.SECONDS));
    }

    @Test
    void durableThingsAndPersistentMessagesComeBackAfterARestart() {
        try (Broker broker = open()) {
            VirtualHost v = declareTopology(broker);
            broker.declareVirtualHost("tenant").declareQueue(QueueDefinition.durable("t", Map.of()), OWNER, false);
            v.publish(persistent("orders", "eu.a", "p0-a", null));
            v.publish(persistent("orders", "eu.b", "p3", 3));
            v.publish(transientMessage("orders", "eu.t", "transient"));
            v.publish(persistent("orders", "eu.c", "p0-b", 0));
            v.publish(persistent("orders", "eu.d", "rejected", 5));
            Queue work = v.queue("work");
            assertTrue(work.reject(get(work).deliveryId()), "'rejected' goes to the dlq with x-death");
            Delivery p3 = get(work);
            assertEquals("p3", Messages.bodyOf(p3.message()));
            Delivery p0a = get(work);
            work.requeue(p0a.deliveryId(), true);
        }

        try (Broker broker = open()) {
            assertNotNull(broker.virtualHost("tenant").queue("t"));
            VirtualHost v = broker.defaultVirtualHost();
            assertNotNull(v.exchange("orders"));
            assertEquals("unrouted", v.exchange("orders").definition().alternateExchange());
            assertNotNull(v.exchange("unrouted"));
            assertNull(v.exchange("temp"), "transient exchange");
            assertNull(v.queue("scratch"), "transient queue");
            assertNull(v.queue("mine"), "exclusive queue");
            assertEquals(List.of(new Binding("orders", Destination.queue("work"), "eu.#")),
                    v.exchange("orders").bindings());
            assertEquals(List.of(new Binding("amq.direct", Destination.queue("dlq"), "dead")),
                    v.exchange("amq.direct").bindings());

            Queue work = v.queue("work");
            assertEquals(5, work.arguments().maxPriority());
            assertEquals(3, work.messageCount());
            Delivery first = get(work);
            assertEquals("p3", Messages.bodyOf(first.message()));
            assertTrue(first.redelivered(), "it was out with a consumer when the broker stopped");
            assertEquals(0, first.deliveryCount());
            Delivery second = get(work);
            assertEquals("p0-a", Messages.bodyOf(second.message()));
            assertTrue(second.redelivered());
            assertEquals(1, second.deliveryCount());
            Delivery third = get(work);
            assertEquals("p0-b", Messages.bodyOf(third.message()));
            assertFalse(third.redelivered());
            assertTrue(work.get(true).isEmpty(), "the transient message is gone");

            Delivery dead = get(v.queue("dlq"));
            assertEquals("rejected", Messages.bodyOf(dead.message()));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> deaths = (List<Map<String, Object>>) dead.message().properties().headers().get("x-death");
            assertEquals("work", deaths.get(0).get("queue"));
            assertEquals("rejected", deaths.get(0).get("reason"));
            assertEquals(5, dead.message().properties().priority());

            long highestBefore = broker.store().highestMessageId();
            v.publish(persistent("orders", "eu.new", "new", null));
            assertTrue(broker.store().highestMessageId() > highestBefore, "ids continue above the stored ones");
        }
    }

    @Test
    void expiryCountsFromThePublishNotFromTheRestart() throws Exception {
        long longExpiry;
        try (Broker broker = open()) {
            VirtualHost v = broker.defaultVirtualHost();
            v.declareQueue(QueueDefinition.durable("ttl", Map.of()), OWNER, false);
            Message shortLived = Message.builder().routingKey("ttl").body("short")
                    .properties(MessageProperties.builder().persistent().expiration("300").build()).build();
            Message longLived = Message.builder().routingKey("ttl").body("long")
                    .properties(MessageProperties.builder().persistent().expiration("3600000").build()).build();
            v.publish(shortLived);
            v.publish(longLived);
            longExpiry = broker.store().recover(new QueueKey("/", "ttl")).get(1).expiresAt();
        }
        Thread.sleep(400);
        try (Broker broker = open()) {
            Queue q = broker.defaultVirtualHost().queue("ttl");
            assertEquals(1, q.messageCount(), "the short one expired at recovery");
            assertEquals(longExpiry, broker.store().recover(new QueueKey("/", "ttl")).get(0).expiresAt());
            assertEquals("long", Messages.bodyOf(get(q).message()));
        }
    }

    @Test
    void anUnusedQueueWithXExpiresStillExpiresAfterARestart() throws Exception {
        try (Broker broker = open()) {
            broker.defaultVirtualHost().declareQueue(QueueDefinition.durable("idle", Map.of("x-expires", 300)), OWNER, false);
        }
        try (Broker broker = open()) {
            assertNotNull(broker.defaultVirtualHost().queue("idle"));
            long deadline = System.currentTimeMillis() + 10_000;
            while (broker.defaultVirtualHost().queue("idle") != null && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertNull(broker.defaultVirtualHost().queue("idle"));
        }
        try (Broker broker = open()) {
            assertNull(broker.defaultVirtualHost().queue("idle"), "its deletion was kept too");
        }
    }

    @Test
    void deletedThingsStayDeleted() {
        try (Broker broker = open()) {
            VirtualHost v = declareTopology(broker);
            v.publish(persistent("orders", "eu.a", "gone with its queue", null));
            v.deleteQueue("work", OWNER, false, false);
            v.deleteExchange("unrouted", false);
            v.unbind(new Binding("amq.direct", Destination.queue("dlq"), "dead"), OWNER);
            broker.declareVirtualHost("tenant");
            broker.deleteVirtualHost("tenant");
        }
        try (Broker broker = open()) {
            VirtualHost v = broker.defaultVirtualHost();
            assertNull(v.queue("work"));
            assertNull(v.exchange("unrouted"));
            assertTrue(v.exchange("amq.direct").bindings().isEmpty());
            assertThrows(BrokerException.class, () -> broker.virtualHost("tenant"));
            assertEquals(0, broker.store().messageCount());
        }
    }

    @Test
    void aCrashKeepsWhatWasConfirmed() throws Exception {
        Broker crashed = new Broker(BrokerSettings.durable(dataDir).withStore(ON_REQUEST));
        try {
            VirtualHost v = declareTopology(crashed);
            v.publish(persistent("orders", "eu.1", "confirmed-1", null));
            v.publish(persistent("orders", "eu.2", "confirmed-2", 2));
            Delivery out = get(v.queue("work"));
            assertEquals("confirmed-2", Messages.bodyOf(out.message()));
            awaitDurable(crashed);
            v.publish(persistent("orders", "eu.3", "never confirmed", null));
            v.declareQueue(QueueDefinition.durable("late", Map.of()), OWNER, false);
            ((MapDbMessageStore) crashed.store()).storage().crashForTest();
        } finally {
            crashed.close(); // releases memory and threads; the store is already closed, nothing more is written
        }

        try (Broker broker = open()) {
            VirtualHost v = broker.defaultVirtualHost();
            assertNull(v.queue("late"), "declared after the last commit");
            Queue work = v.queue("work");
            assertEquals(2, work.messageCount());
            Delivery first = get(work);
            assertEquals("confirmed-2", Messages.bodyOf(first.message()));
            assertTrue(first.redelivered());
            assertEquals("confirmed-1", Messages.bodyOf(get(work).message()));
        }
    }

    @Test
    void aPersistentDelayedMessageSurvivesARestartAndIsNotTakenForAnOrphan() {
        long dueAt = System.currentTimeMillis() + 3_600_000;
        try (Broker broker = open()) {
            VirtualHost v = declareTopology(broker);
            v.publishLater(persistent("orders", "eu.later", "in an hour", null), dueAt);
            v.publishLater(transientMessage("orders", "eu.later", "memory only"), dueAt);
            assertEquals(2, v.delayed().size());
        }
        try (Broker broker = open()) {
            VirtualHost v = broker.defaultVirtualHost();
            assertEquals(1, v.delayed().size());
            assertEquals(dueAt, v.delayed().nextDue());
            assertEquals(0, v.queue("work").messageCount());
        }
        try (Broker broker = open()) {
            broker.deleteVirtualHost("tenant"); // no such host: nothing happens
            assertEquals(1, broker.defaultVirtualHost().delayed().size(), "kept across a second restart");
        }
    }

    @Test
    void aDataDirectoryOfANewerFormatStopsTheBroker() throws Exception {
        try (Broker broker = open()) {
            assertNotNull(broker.defaultVirtualHost());
        }
        StoreFormat.write(dataDir.resolve("store"), StoreFormat.CURRENT_VERSION + 1);
        StoreFormatException e = assertThrows(StoreFormatException.class, this::open);
        assertTrue(e.getMessage().contains("newer Sluice"), e.getMessage());
    }

    @Test
    void theDefaultSettingsTouchNoDisk() {
        try (Broker broker = new Broker(BrokerSettings.defaults().withDataDir(dataDir.resolve("unused")))) {
            broker.defaultVirtualHost().declareQueue(QueueDefinition.durable("q", Map.of()), OWNER, false);
        }
        assertFalse(java.nio.file.Files.exists(dataDir.resolve("unused")));
    }
}
