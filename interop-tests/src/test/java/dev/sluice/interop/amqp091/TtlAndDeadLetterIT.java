package dev.sluice.interop.amqp091;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.GetResponse;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Message TTL (per queue and per message), dead-letter exchanges, x-death, and delivery limits. */
class TtlAndDeadLetterIT {
    private static final int SHORT_TTL = 50;
    private static final int LONG_TTL = 60_000;

    @RegisterExtension
    final AmqpFixture amqp = new AmqpFixture();

    @Test
    void queueTtlExpiresMessagesThatNobodyConsumes() throws Exception {
        String queue = amqp.declareQueue("q", Map.of("x-message-ttl", SHORT_TTL));

        amqp.publish("", queue, "m");

        amqp.awaitMessageCount(queue, 0);
    }

    @Test
    void perMessageExpirationExpiresTheMessage() throws Exception {
        String queue = amqp.declareQueue("q");

        amqp.publish("", queue, expiringIn(SHORT_TTL), "m");

        amqp.awaitMessageCount(queue, 0);
    }

    @Test
    void perMessageExpirationShorterThanTheQueueTtlWins() throws Exception {
        AmqpFixture.DeadLetterPair queues = amqp.declareQueueDeadLetteringTo("q", Map.of("x-message-ttl", LONG_TTL));

        amqp.publish("", queues.queue(), expiringIn(SHORT_TTL), "m");

        assertEquals("m", AmqpFixture.text(amqp.consume(queues.deadLetters(), true).next()));
    }

    @Test
    void queueTtlShorterThanThePerMessageExpirationWins() throws Exception {
        AmqpFixture.DeadLetterPair queues = amqp.declareQueueDeadLetteringTo("q", Map.of("x-message-ttl", SHORT_TTL));

        amqp.publish("", queues.queue(), expiringIn(LONG_TTL), "m");

        assertEquals("m", AmqpFixture.text(amqp.consume(queues.deadLetters(), true).next()));
    }

    @Test
    void zeroTtlMessageStillReachesAWaitingConsumer() throws Exception {
        String queue = amqp.declareQueue("q", Map.of("x-message-ttl", 0));
        Deliveries deliveries = amqp.consume(queue, true);

        amqp.publish("", queue, "m");

        assertEquals("m", AmqpFixture.text(deliveries.next()));
    }

    @Test
    void expiredMessageIsDeadLetteredWithAnXDeathEntry() throws Exception {
        AmqpFixture.DeadLetterPair queues = amqp.declareQueueDeadLetteringTo("q", Map.of("x-message-ttl", SHORT_TTL));
        Date before = new Date(System.currentTimeMillis() / 1000 * 1000);

        amqp.publish("", queues.queue(), "m");

        Delivery dead = amqp.consume(queues.deadLetters(), true).next();
        Map<String, Object> death = onlyDeath(dead);
        assertEquals(1L, death.get("count"));
        assertEquals("expired", death.get("reason").toString());
        assertEquals(queues.queue(), death.get("queue").toString());
        assertEquals("", death.get("exchange").toString());
        assertEquals(List.of(queues.queue()), strings(death.get("routing-keys")));
        Date time = assertInstanceOf(Date.class, death.get("time"));
        assertFalse(time.before(before), () -> time + " is before " + before);
    }

    @Test
    void deadLetteredMessageCarriesXFirstDeathHeaders() throws Exception {
        AmqpFixture.DeadLetterPair queues = amqp.declareQueueDeadLetteringTo("q", Map.of("x-message-ttl", SHORT_TTL));

        amqp.publish("", queues.queue(), "m");

        Map<String, Object> headers = amqp.consume(queues.deadLetters(), true).next().getProperties().getHeaders();
        assertEquals("expired", headers.get("x-first-death-reason").toString());
        assertEquals(queues.queue(), headers.get("x-first-death-queue").toString());
        assertEquals("", headers.get("x-first-death-exchange").toString());
    }

    @Test
    void deadLetteringMovesThePerMessageExpirationIntoXDeath() throws Exception {
        AmqpFixture.DeadLetterPair queues = amqp.declareQueueDeadLetteringTo("q", Map.of());

        amqp.publish("", queues.queue(), expiringIn(SHORT_TTL), "m");

        Delivery dead = amqp.consume(queues.deadLetters(), true).next();
        assertNull(dead.getProperties().getExpiration(), "a dead letter must not expire again by the old expiration");
        assertEquals(String.valueOf(SHORT_TTL), onlyDeath(dead).get("original-expiration").toString());
    }

    @Test
    void rejectedMessageIsDeadLetteredWithReasonRejected() throws Exception {
        AmqpFixture.DeadLetterPair queues = amqp.declareQueueDeadLetteringTo("q", Map.of());
        amqp.publish("", queues.queue(), "m");
        Channel channel = amqp.channel();
        GetResponse got = AmqpFixture.getUnacked(channel, queues.queue(), 1).get(0);

        channel.basicReject(got.getEnvelope().getDeliveryTag(), false);

        Delivery dead = amqp.consume(queues.deadLetters(), true).next();
        assertEquals("rejected", onlyDeath(dead).get("reason").toString());
        assertEquals("rejected", dead.getProperties().getHeaders().get("x-first-death-reason").toString());
    }

    @Test
    void deadLetterRoutingKeyReplacesTheRoutingKey() throws Exception {
        String dlx = amqp.declareExchange("dlx", "direct");
        String deadLetters = amqp.declareQueue("dead");
        amqp.bindQueue(deadLetters, dlx, "dead");
        String queue = amqp.declareQueue("q",
                Map.of("x-message-ttl", SHORT_TTL, "x-dead-letter-exchange", dlx, "x-dead-letter-routing-key", "dead"));

        amqp.publish("", queue, "m");

        Delivery dead = amqp.consume(deadLetters, true).next();
        assertEquals("dead", dead.getEnvelope().getRoutingKey());
        assertEquals(dlx, dead.getEnvelope().getExchange());
        assertEquals(List.of(queue), strings(onlyDeath(dead).get("routing-keys")), "x-death keeps the original keys");
    }

    @Test
    void withoutDeadLetterRoutingKeyTheOriginalKeyIsUsed() throws Exception {
        String work = amqp.declareExchange("work", "direct");
        String dlx = amqp.declareExchange("dlx", "direct");
        String queue = amqp.declareQueue("q", Map.of("x-message-ttl", SHORT_TTL, "x-dead-letter-exchange", dlx));
        String deadLetters = amqp.declareQueue("dead");
        amqp.bindQueue(queue, work, "job");
        amqp.bindQueue(deadLetters, dlx, "job");

        amqp.publish(work, "job", "m");

        Delivery dead = amqp.consume(deadLetters, true).next();
        assertEquals("job", dead.getEnvelope().getRoutingKey());
        assertEquals(work, onlyDeath(dead).get("exchange").toString());
    }

    @Test
    void retryQueueCycleCountsEachPassInXDeath() throws Exception {
        String work = amqp.name("work");
        String retry = amqp.declareQueue("retry",
                Map.of("x-message-ttl", SHORT_TTL, "x-dead-letter-exchange", "", "x-dead-letter-routing-key", work));
        amqp.channel().queueDeclare(work, false, false, false,
                Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", retry));
        Channel channel = amqp.channel();
        Deliveries deliveries = amqp.consume(channel, work, false);
        amqp.publish("", work, "job");

        for (int attempt = 0; attempt < 2; attempt++) {
            channel.basicReject(deliveries.next().getEnvelope().getDeliveryTag(), false);
        }

        Delivery third = deliveries.next();
        List<Map<String, Object>> deaths = deaths(third);
        assertEquals(2, deaths.size(), deaths::toString);
        assertEquals(2L, death(deaths, work, "rejected").get("count"));
        assertEquals(2L, death(deaths, retry, "expired").get("count"));
        // RabbitMQ keeps the most recent death first.
        assertEquals(retry, deaths.get(0).get("queue").toString());
        assertEquals(work, third.getProperties().getHeaders().get("x-first-death-queue").toString());
    }

    /**
     * In RabbitMQ 3.10 x-delivery-limit is a quorum-queue feature: a classic queue declared with it
     * is refused with 406 "invalid arg 'x-delivery-limit' ... of queue type rabbit_classic_queue".
     * So this test declares a quorum queue (durable, as quorum queues must be). Sluice differs on
     * purpose: it accepts the limit on any queue, and accepts {@code x-queue-type: quorum}, so the
     * test runs unchanged against it.
     */
    @Test
    void deliveryLimitDeadLettersAMessageRequeuedTooOften() throws Exception {
        String deadLetters = amqp.declareQueue("dead");
        String queue = amqp.name("q");
        amqp.channel().queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum", "x-delivery-limit", 2,
                "x-dead-letter-exchange", "", "x-dead-letter-routing-key", deadLetters));
        Channel channel = amqp.channel();
        Deliveries deliveries = amqp.consume(channel, queue, false);
        amqp.publish("", queue, "m");

        for (int delivery = 0; delivery < 3; delivery++) {
            channel.basicReject(deliveries.next().getEnvelope().getDeliveryTag(), true);
        }

        Delivery dead = amqp.consume(deadLetters, true).next();
        assertEquals("delivery_limit", onlyDeath(dead).get("reason").toString());
        deliveries.assertNoMore();
    }

    @Test
    void requeuedDeliveryCarriesTheDeliveryCountOnAQuorumQueue() throws Exception {
        String queue = amqp.name("q");
        amqp.channel().queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum", "x-delivery-limit", 5));
        Channel channel = amqp.channel();
        Deliveries deliveries = amqp.consume(channel, queue, false);
        amqp.publish("", queue, "m");

        Delivery first = deliveries.next();
        channel.basicReject(first.getEnvelope().getDeliveryTag(), true);
        Delivery second = deliveries.next();

        assertTrue(second.getEnvelope().isRedeliver());
        assertEquals(1L, ((Number) second.getProperties().getHeaders().get("x-delivery-count")).longValue());
    }

    private static AMQP.BasicProperties expiringIn(int millis) {
        return new AMQP.BasicProperties.Builder().expiration(String.valueOf(millis)).build();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> deaths(Delivery delivery) {
        Object xDeath = delivery.getProperties().getHeaders().get("x-death");
        return (List<Map<String, Object>>) xDeath;
    }

    private static Map<String, Object> onlyDeath(Delivery delivery) {
        List<Map<String, Object>> deaths = deaths(delivery);
        assertEquals(1, deaths.size(), deaths::toString);
        return deaths.get(0);
    }

    private static Map<String, Object> death(List<Map<String, Object>> deaths, String queue, String reason) {
        return deaths.stream()
                .filter(death -> death.get("queue").toString().equals(queue) && death.get("reason").toString().equals(reason))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no x-death for " + queue + "/" + reason + " in " + deaths));
    }

    private static List<String> strings(Object list) {
        return ((List<?>) list).stream().map(Object::toString).toList();
    }
}
