package dev.sluice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.message.Message;
import dev.sluice.core.message.MessageProperties;
import dev.sluice.core.queue.ConsumerSpec;
import dev.sluice.core.queue.GetResult;
import dev.sluice.core.queue.Queue;
import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.Destination;
import dev.sluice.core.routing.ExchangeDefinition;
import dev.sluice.core.routing.ExchangeType;
import dev.sluice.store.memory.MemoryMessageStore;
import dev.sluice.testing.ManualScheduler;
import dev.sluice.testing.Messages;
import dev.sluice.testing.RecordingSink;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VirtualHostTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final MemoryMessageStore store = new MemoryMessageStore();
    private final AtomicLong ids = new AtomicLong();
    private final VirtualHost vhost = new VirtualHost("/", scheduler, store, ids::incrementAndGet);
    private final Owner owner = new Owner("conn-1");
    private final Owner other = new Owner("conn-2");

    private Queue queue(String name) {
        return vhost.declareQueue(QueueDefinition.transientQueue(name, Map.of()), owner, false);
    }

    private Queue queue(String name, Map<String, Object> args) {
        return vhost.declareQueue(QueueDefinition.transientQueue(name, args), owner, false);
    }

    private void exchange(String name, ExchangeType type) {
        vhost.declareExchange(new ExchangeDefinition(name, type, false, false, false, Map.of()), false);
    }

    private void bind(String source, String queue, String key) {
        vhost.bind(new Binding(source, Destination.queue(queue), key), owner);
    }

    private static BrokerException refused(ErrorKind kind, Runnable action) {
        BrokerException e = assertThrows(BrokerException.class, action::run);
        assertEquals(kind, e.kind(), e.getMessage());
        return e;
    }

    private String take(Queue q) {
        GetResult r = q.get(true);
        if (r.isEmpty()) {
            return null;
        }
        String body = Messages.bodyOf(r.delivery().message());
        r.delivery().message().release();
        return body;
    }

    private Map<String, Object> takeHeaders(Queue q) {
        GetResult r = q.get(true);
        Map<String, Object> headers = r.delivery().message().properties().headers();
        r.delivery().message().release();
        return headers;
    }

    @Test
    void predeclaredExchangesExist() {
        for (String name : List.of("", "amq.direct", "amq.fanout", "amq.topic", "amq.headers", "amq.match")) {
            assertNotNull(vhost.exchange(name), name);
        }
        assertEquals(ExchangeType.HEADERS, vhost.exchange("amq.match").type());
    }

    @Test
    void defaultExchangeRoutesByQueueNameAndCannotBeBoundOrDeleted() {
        Queue q = queue("orders");
        RoutingResult r = vhost.publish(Messages.toExchange("", "orders", "o1"));
        assertEquals(1, r.queues());
        assertEquals("o1", take(q));
        assertTrue(vhost.publish(Messages.toExchange("", "missing", "x")).unroutable());
        refused(ErrorKind.ACCESS_REFUSED, () -> bind("", "orders", "orders"));
        refused(ErrorKind.ACCESS_REFUSED, () -> vhost.deleteExchange("", false));
        refused(ErrorKind.ACCESS_REFUSED, () -> vhost.declareExchange(ExchangeDefinition.of("", ExchangeType.DIRECT), false));
    }

    @Test
    void publishToMissingExchangeIs404AndToInternalIs403() {
        refused(ErrorKind.NOT_FOUND, () -> vhost.publish(Messages.toExchange("nope", "k", "x")));
        vhost.declareExchange(new ExchangeDefinition("inner", ExchangeType.FANOUT, false, false, true, Map.of()), false);
        BrokerException e = refused(ErrorKind.ACCESS_REFUSED, () -> vhost.publish(Messages.toExchange("inner", "k", "x")));
        assertTrue(e.getMessage().contains("internal exchange 'inner'"));
    }

    @Test
    void invalidExpirationIsRefused() {
        queue("q");
        Message m = Messages.text("x", MessageProperties.builder().expiration("soon").build());
        BrokerException e = refused(ErrorKind.PRECONDITION_FAILED, () -> vhost.publish(m.toBuilder().routingKey("q").build()));
        assertTrue(e.getMessage().contains("invalid expiration 'soon'"));
    }

    @Test
    void redeclareMustBeEquivalentAndTheErrorNamesTheDifference() {
        exchange("x", ExchangeType.DIRECT);
        assertSame(vhost.exchange("x"), vhost.declareExchange(
                new ExchangeDefinition("x", ExchangeType.DIRECT, false, false, false, Map.of()), false));
        BrokerException e = refused(ErrorKind.PRECONDITION_FAILED, () -> exchange("x", ExchangeType.TOPIC));
        assertTrue(e.getMessage().contains("inequivalent arg 'type' for exchange 'x' in vhost '/'"), e.getMessage());

        queue("q", Map.of("x-message-ttl", 100));
        e = refused(ErrorKind.PRECONDITION_FAILED, () -> queue("q", Map.of("x-message-ttl", 200)));
        assertTrue(e.getMessage().contains("'x-message-ttl'") && e.getMessage().contains("'100'"), e.getMessage());
        e = refused(ErrorKind.PRECONDITION_FAILED, () -> vhost.declareQueue(
                QueueDefinition.durable("q", Map.of("x-message-ttl", 100)), owner, false));
        assertTrue(e.getMessage().contains("'durable'"), e.getMessage());
        assertNotNull(queue("q", Map.of("x-message-ttl", 100L)), "same value in another integer width is equal");
    }

    @Test
    void reservedNamesArePassiveDeclareOnly() {
        refused(ErrorKind.ACCESS_REFUSED, () -> exchange("amq.custom", ExchangeType.DIRECT));
        refused(ErrorKind.ACCESS_REFUSED, () -> queue("amq.mine"));
        assertNotNull(vhost.declareExchange(ExchangeDefinition.of("amq.topic", ExchangeType.TOPIC), true));
    }

    @Test
    void passiveDeclareOfMissingThingsIs404() {
        refused(ErrorKind.NOT_FOUND, () -> vhost.declareExchange(ExchangeDefinition.of("none", ExchangeType.DIRECT), true));
        BrokerException e = refused(ErrorKind.NOT_FOUND,
                () -> vhost.declareQueue(QueueDefinition.transientQueue("none", Map.of()), owner, true));
        assertEquals("no queue 'none' in vhost '/'", e.getMessage());
    }

    @Test
    void serverNamedQueuesGetAmqGenNames() {
        Queue a = queue("");
        Queue b = queue("");
        assertTrue(a.name().startsWith("amq.gen-"));
        assertFalse(a.name().equals(b.name()));
    }

    @Test
    void exclusiveQueueIsLockedToItsOwnerAndGoesWithIt() {
        vhost.declareQueue(new QueueDefinition("mine", false, true, false, Map.of()), owner, false);
        refused(ErrorKind.RESOURCE_LOCKED, () -> vhost.declareQueue(
                new QueueDefinition("mine", false, true, false, Map.of()), other, false));
        refused(ErrorKind.RESOURCE_LOCKED, () -> vhost.requireQueue("mine", other));
        refused(ErrorKind.RESOURCE_LOCKED, () -> vhost.deleteQueue("mine", other, false, false));
        vhost.ownerClosed(other);
        assertNotNull(vhost.queue("mine"));
        vhost.ownerClosed(owner);
        assertNull(vhost.queue("mine"));
    }

    @Test
    void deleteQueueHonoursIfUnusedAndIfEmpty() {
        Queue q = queue("q");
        vhost.publish(Messages.toExchange("", "q", "m"));
        refused(ErrorKind.PRECONDITION_FAILED, () -> vhost.deleteQueue("q", owner, false, true));
        q.subscribe(ConsumerSpec.of("c", owner).withPrefetch(0).withAutoAck(false).withCredit(), new RecordingSink());
        refused(ErrorKind.PRECONDITION_FAILED, () -> vhost.deleteQueue("q", owner, true, false));
        assertEquals(1, vhost.deleteQueue("q", owner, false, false));
        assertNull(vhost.queue("q"));
        assertEquals(0, vhost.deleteQueue("q", owner, false, false), "deleting a missing queue is not an error");
    }

    @Test
    void deletingAQueueRemovesItsBindings() {
        exchange("x", ExchangeType.FANOUT);
        queue("q");
        bind("x", "q", "");
        vhost.deleteQueue("q", owner, false, false);
        assertEquals(0, vhost.exchange("x").bindingCount());
    }

    @Test
    void bindingToMissingThingsIs404() {
        queue("q");
        refused(ErrorKind.NOT_FOUND, () -> bind("nope", "q", "k"));
        exchange("x", ExchangeType.DIRECT);
        refused(ErrorKind.NOT_FOUND, () -> bind("x", "nope", "k"));
        refused(ErrorKind.NOT_FOUND, () -> vhost.bind(new Binding("x", Destination.exchange("nope"), "k"), owner));
    }

    @Test
    void deleteExchangeIfUnusedAndMissingIsFine() {
        exchange("x", ExchangeType.DIRECT);
        queue("q");
        bind("x", "q", "k");
        refused(ErrorKind.PRECONDITION_FAILED, () -> vhost.deleteExchange("x", true));
        vhost.deleteExchange("x", false);
        assertNull(vhost.exchange("x"));
        vhost.deleteExchange("x", false);
        refused(ErrorKind.ACCESS_REFUSED, () -> vhost.deleteExchange("amq.direct", false));
    }

    @Test
    void autoDeleteExchangeGoesWithItsLastBinding() {
        vhost.declareExchange(new ExchangeDefinition("temp", ExchangeType.DIRECT, false, true, false, Map.of()), false);
        queue("a");
        queue("b");
        bind("temp", "a", "k");
        bind("temp", "b", "k");
        vhost.unbind(new Binding("temp", Destination.queue("a"), "k"), owner);
        assertNotNull(vhost.exchange("temp"));
        vhost.deleteQueue("b", owner, false, false);
        assertNull(vhost.exchange("temp"), "removing the last binding by deleting its queue deletes the exchange");
    }

    @Test
    void exchangeToExchangeReachesEachQueueOnceAndCyclesAreSafe() {
        exchange("a", ExchangeType.FANOUT);
        exchange("b", ExchangeType.FANOUT);
        exchange("c", ExchangeType.FANOUT);
        vhost.bind(new Binding("a", Destination.exchange("b"), ""), owner);
        vhost.bind(new Binding("a", Destination.exchange("c"), ""), owner);
        vhost.bind(new Binding("b", Destination.exchange("a"), ""), owner);
        Queue q = queue("q");
        bind("b", "q", "");
        bind("c", "q", "");
        RoutingResult r = vhost.publish(Messages.toExchange("a", "", "once"));
        assertEquals(1, r.queues());
        assertEquals(1, q.messageCount());
    }

    @Test
    void alternateExchangeTakesWhatTheExchangeCannotRoute() {
        exchange("ae", ExchangeType.FANOUT);
        Queue unrouted = queue("unrouted");
        bind("ae", "unrouted", "");
        vhost.declareExchange(new ExchangeDefinition("main", ExchangeType.DIRECT, false, false, false,
                Map.of("alternate-exchange", "ae")), false);
        Queue known = queue("known");
        bind("main", "known", "k");
        vhost.publish(Messages.toExchange("main", "k", "routed"));
        vhost.publish(Messages.toExchange("main", "other", "stray"));
        assertEquals("routed", take(known));
        assertEquals("stray", take(unrouted));
        assertNull(take(unrouted));
    }

    @Test
    void senderSelectedDistributionRoutesCcAndBccAndRemovesBcc() {
        exchange("x", ExchangeType.DIRECT);
        Queue main = queue("main");
        Queue cc = queue("cc");
        Queue bcc = queue("bcc");
        bind("x", "main", "main");
        bind("x", "cc", "cc");
        bind("x", "bcc", "bcc");
        RoutingResult r = vhost.publish(Messages.toExchange("x", "main", "hello",
                Map.of("CC", List.of("cc"), "BCC", List.of("bcc"))));
        assertEquals(3, r.queues());
        for (Queue q : List.of(main, cc, bcc)) {
            Map<String, Object> headers = takeHeaders(q);
            assertFalse(headers.containsKey("BCC"), q.name());
            assertEquals(List.of("cc"), headers.get("CC"));
        }
    }

    @Test
    void rejectPublishOverflowIsReportedInTheRoutingResult() {
        queue("small", Map.of("x-max-length", 1, "x-overflow", "reject-publish"));
        assertEquals(1, vhost.publish(Messages.toExchange("", "small", "a")).queues());
        RoutingResult r = vhost.publish(Messages.toExchange("", "small", "b"));
        assertTrue(r.refused());
        assertEquals(List.of("small"), r.refusedBy());
        assertFalse(r.unroutable());
    }

    @Test
    @SuppressWarnings("unchecked")
    void rejectedMessageIsDeadLetteredWithXDeath() {
        exchange("dlx", ExchangeType.FANOUT);
        Queue dead = queue("dead");
        bind("dlx", "dead", "");
        Queue work = queue("work", Map.of("x-dead-letter-exchange", "dlx"));
        exchange("orders", ExchangeType.DIRECT);
        bind("orders", "work", "new");
        Message m = Messages.text("order-1", MessageProperties.builder().expiration("60000").build())
                .toBuilder().exchange("orders").routingKey("new").build();
        vhost.publish(m);
        GetResult r = work.get(false);
        r.delivery().message().release();
        work.reject(r.delivery().deliveryId());

        GetResult d = dead.get(true);
        Message deadMessage = d.delivery().message();
        Map<String, Object> h = deadMessage.properties().headers();
        List<Map<String, Object>> deaths = (List<Map<String, Object>>) h.get("x-death");
        assertEquals(1, deaths.size());
        Map<String, Object> death = deaths.get(0);
        assertEquals("rejected", death.get("reason"));
        assertEquals("work", death.get("queue"));
        assertEquals("orders", death.get("exchange"));
        assertEquals(List.of("new"), death.get("routing-keys"));
        assertEquals(1L, death.get("count"));
        assertEquals("60000", death.get("original-expiration"));
        assertEquals("rejected", h.get("x-first-death-reason"));
        assertEquals("work", h.get("x-first-death-queue"));
        assertEquals("orders", h.get("x-first-death-exchange"));
        assertNull(deadMessage.properties().expiration(), "per-message TTL removed from the dead letter");
        assertEquals("dlx", deadMessage.exchange());
        assertEquals("order-1", Messages.bodyOf(deadMessage));
        deadMessage.release();
        assertEquals(0, m.body().refCnt());
    }

    @Test
    void deadLetterRoutingKeyReplacesTheOriginalKey() {
        exchange("dlx", ExchangeType.DIRECT);
        Queue parked = queue("parked");
        bind("dlx", "parked", "parking");
        Queue work = queue("work", Map.of("x-dead-letter-exchange", "dlx", "x-dead-letter-routing-key", "parking",
                "x-message-ttl", 10));
        vhost.publish(Messages.toExchange("", "work", "late"));
        scheduler.advance(10);
        assertEquals(0, work.messageCount());
        assertEquals("late", take(parked));
    }

    @Test
    void retryQueueWithTtlDeadLettersBackToWorkAndCountsDeaths() {
        exchange("retry-x", ExchangeType.FANOUT);
        exchange("work-x", ExchangeType.FANOUT);
        Queue work = queue("work", Map.of("x-dead-letter-exchange", "retry-x"));
        queue("retry", Map.of("x-dead-letter-exchange", "work-x", "x-message-ttl", 1000));
        bind("retry-x", "retry", "");
        bind("work-x", "work", "");
        vhost.publish(Messages.toExchange("work-x", "", "job"));
        for (int round = 1; round <= 3; round++) {
            GetResult r = work.get(false);
            assertNotNull(r.delivery(), "round " + round);
            r.delivery().message().release();
            work.reject(r.delivery().deliveryId());
            scheduler.advance(1000);
        }
        Map<String, Object> h = takeHeaders(work);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> deaths = (List<Map<String, Object>>) h.get("x-death");
        assertEquals(2, deaths.size());
        assertEquals("retry", deaths.get(0).get("queue"));
        assertEquals(3L, deaths.get(0).get("count"));
        assertEquals("work", deaths.get(1).get("queue"));
        assertEquals(3L, deaths.get(1).get("count"));
    }

    @Test
    void anExpiryCycleWithoutRejectionIsDropped() {
        Queue loop = queue("loop", Map.of("x-dead-letter-exchange", "", "x-message-ttl", 5));
        vhost.publish(Messages.toExchange("", "loop", "spin"));
        scheduler.advance(5);
        assertEquals(0, loop.messageCount(), "dead-lettered into itself by expiry: dropped");
        scheduler.advance(100);
        assertEquals(0, loop.messageCount());
    }

    @Test
    void missingDeadLetterExchangeDropsTheMessage() {
        Queue q = queue("q", Map.of("x-dead-letter-exchange", "gone", "x-max-length", 0));
        Message m = Messages.toExchange("", "q", "x");
        vhost.publish(m);
        assertEquals(0, q.messageCount());
        assertEquals(0, m.body().refCnt());
    }

    @Test
    void persistentMessageToTwoDurableQueuesIsStoredOnce() {
        exchange("fan", ExchangeType.FANOUT);
        Queue a = vhost.declareQueue(QueueDefinition.durable("a", Map.of()), owner, false);
        Queue b = vhost.declareQueue(QueueDefinition.durable("b", Map.of()), owner, false);
        bind("fan", "a", "");
        bind("fan", "b", "");
        vhost.publish(Messages.text("p", MessageProperties.builder().persistent().build())
                .toBuilder().exchange("fan").build());
        assertEquals(1, store.messageCount());
        take(a);
        assertEquals(1, store.messageCount());
        take(b);
        assertEquals(0, store.messageCount());
    }

    @Test
    void transientMessagesAreNotStored() {
        vhost.declareQueue(QueueDefinition.durable("d", Map.of()), owner, false);
        vhost.publish(Messages.toExchange("", "d", "t"));
        assertEquals(0, store.messageCount());
    }

    @Test
    void expiringQueueIsDeletedByTheVirtualHost() {
        queue("idle", Map.of("x-expires", 100));
        scheduler.advance(100);
        assertNull(vhost.queue("idle"));
    }

    @Test
    void autoDeleteQueueIsDeletedAfterItsLastConsumer() {
        Queue q = vhost.declareQueue(new QueueDefinition("ad", false, false, true, Map.of()), owner, false);
        var s = q.subscribe(ConsumerSpec.of("c", owner), new RecordingSink());
        s.cancel();
        assertNull(vhost.queue("ad"));
    }

    @Test
    void headersExchangeThroughTheVirtualHost() {
        Queue q = queue("pdf");
        vhost.bind(new Binding("amq.match", Destination.queue("pdf"), "",
                Map.of("x-match", "all", "format", "pdf", "type", "report")), owner);
        vhost.publish(Messages.toExchange("amq.match", "", "yes", Map.of("format", "pdf", "type", "report")));
        vhost.publish(Messages.toExchange("amq.match", "", "no", Map.of("format", "pdf")));
        assertEquals("yes", take(q));
        assertNull(take(q));
    }

    @Test
    void brokerHasTheDefaultVirtualHostAndMore() {
        try (Broker broker = new Broker(BrokerSettings.defaults())) {
            assertEquals("/", broker.defaultVirtualHost().name());
            broker.declareVirtualHost("tenant");
            assertNotNull(broker.virtualHost("tenant"));
            refused(ErrorKind.NOT_FOUND, () -> broker.virtualHost("nope"));
            refused(ErrorKind.PRECONDITION_FAILED, () -> broker.deleteVirtualHost("/"));
            broker.deleteVirtualHost("tenant");
            assertEquals(1, broker.virtualHosts().size());
        }
    }
}
