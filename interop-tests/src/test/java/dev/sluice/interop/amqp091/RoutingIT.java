package dev.sluice.interop.amqp091;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.Return;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exchange types, exchange-to-exchange bindings, alternate exchanges, mandatory returns, CC/BCC. */
class RoutingIT {
    @RegisterExtension
    final AmqpFixture amqp = new AmqpFixture();
    /** Numbers the exchange and queue pairs one headers test makes. */
    private int headersCase;

    @Test
    void defaultExchangeRoutesToTheQueueNamedByTheRoutingKey() throws Exception {
        String queue = amqp.declareQueue("q");

        amqp.publish("", queue, "hello");

        assertEquals("hello", amqp.getText(queue));
    }

    @Test
    void directExchangeRoutesOnlyToEqualBindingKeys() throws Exception {
        String exchange = amqp.declareExchange("x", "direct");
        String red = amqp.declareQueue("red");
        String blue = amqp.declareQueue("blue");
        amqp.bindQueue(red, exchange, "red");
        amqp.bindQueue(blue, exchange, "blue");

        amqp.publish(exchange, "red", "m");

        assertEquals(1, amqp.messageCount(red));
        assertEquals(0, amqp.messageCount(blue));
    }

    @Test
    void fanoutExchangeRoutesToEveryQueueWhateverTheKeys() throws Exception {
        String exchange = amqp.declareExchange("x", "fanout");
        String first = amqp.declareQueue("first");
        String second = amqp.declareQueue("second");
        amqp.bindQueue(first, exchange, "a");
        amqp.bindQueue(second, exchange, "b");

        amqp.publish(exchange, "c", "m");

        assertEquals(1, amqp.messageCount(first));
        assertEquals(1, amqp.messageCount(second));
    }

    @ParameterizedTest(name = "pattern \"{0}\" key \"{1}\" routes: {2}")
    @CsvSource({
        "a.*.c,   a.b.c,     true",
        "a.*.c,   a.c,       false",
        "a.*.c,   a.b.b.c,   false",
        "*,       a,         true",
        "*,       a.b,       false",
        "*,       '',        false",
        "#,       '',        true",
        "#,       a.b.c,     true",
        "a.#,     a,         true",
        "a.#,     a.b.c,     true",
        "a.#,     ab,        false",
        "#.c,     c,         true",
        "a.#.c,   a.c,       true",
        "a.#.c,   a.b.b.c,   true",
        "a.*.#,   a,         false",
        "a.*.#,   a.b,       true",
        // Empty words: "a..c" is three words, the middle one empty.
        "a.*.c,   a..c,      true",
        "a..c,    a..c,      true",
        "a..c,    a.b.c,     false",
        "*.*,     .,         true",
        "a.b,     A.B,       false",
    })
    void topicExchangeMatchesWordWildcards(String pattern, String routingKey, boolean routes) throws Exception {
        String exchange = amqp.declareExchange("x", "topic");
        String queue = amqp.declareQueue("q");
        amqp.bindQueue(queue, exchange, pattern);

        amqp.publish(exchange, routingKey, "m");

        assertEquals(routes ? 1 : 0, amqp.messageCount(queue));
    }

    @Test
    void queueMatchedByManyBindingsGetsOneCopy() throws Exception {
        String exchange = amqp.declareExchange("x", "topic");
        String queue = amqp.declareQueue("q");
        amqp.bindQueue(queue, exchange, "a.*");
        amqp.bindQueue(queue, exchange, "*.b");
        amqp.bindQueue(queue, exchange, "#");
        amqp.bindQueue(queue, exchange, "a.b");

        amqp.publish(exchange, "a.b", "m");

        assertEquals(1, amqp.messageCount(queue));
    }

    @Test
    void headersAllNeedsEveryBoundHeader() throws Exception {
        Map<String, Object> binding = Map.of("x-match", "all", "a", "1", "b", "2");

        assertTrue(headersRoute(binding, Map.of("a", "1", "b", "2", "c", "3")));
        assertFalse(headersRoute(binding, Map.of("a", "1")));
        assertFalse(headersRoute(binding, Map.of("a", "1", "b", "9")));
    }

    @Test
    void headersWithoutXMatchMeansAll() throws Exception {
        Map<String, Object> binding = Map.of("a", "1", "b", "2");

        assertTrue(headersRoute(binding, Map.of("a", "1", "b", "2")));
        assertFalse(headersRoute(binding, Map.of("a", "1")));
    }

    @Test
    void headersAnyNeedsOneBoundHeader() throws Exception {
        Map<String, Object> binding = Map.of("x-match", "any", "a", "1", "b", "2");

        assertTrue(headersRoute(binding, Map.of("a", "1", "b", "9")));
        assertFalse(headersRoute(binding, Map.of("c", "3")));
        assertFalse(headersRoute(binding, Map.of()));
    }

    @Test
    void headersAllAndAnyIgnoreXPrefixedBindingArguments() throws Exception {
        assertTrue(headersRoute(Map.of("x-match", "all", "a", "1", "x-tag", "t"), Map.of("a", "1")));
        assertFalse(headersRoute(Map.of("x-match", "any", "x-tag", "t"), Map.of("x-tag", "t")));
    }

    @Test
    void headersAllWithXAlsoMatchesXPrefixedHeaders() throws Exception {
        Map<String, Object> binding = Map.of("x-match", "all-with-x", "a", "1", "x-tag", "t");

        assertTrue(headersRoute(binding, Map.of("a", "1", "x-tag", "t")));
        assertFalse(headersRoute(binding, Map.of("a", "1")));
    }

    @Test
    void headersAnyWithXAlsoMatchesXPrefixedHeaders() throws Exception {
        Map<String, Object> binding = Map.of("x-match", "any-with-x", "x-tag", "t");

        assertTrue(headersRoute(binding, Map.of("x-tag", "t")));
        assertFalse(headersRoute(binding, Map.of("x-tag", "other")));
    }

    @Test
    void headersVoidBindingValueMatchesPresenceWithAnyValue() throws Exception {
        Map<String, Object> binding = new HashMap<>();
        binding.put("x-match", "all");
        binding.put("a", null);

        assertTrue(headersRoute(binding, Map.of("a", "anything")));
        assertTrue(headersRoute(binding, Map.of("a", 42)));
        assertFalse(headersRoute(binding, Map.of("b", "anything")));
    }

    @Test
    void headersCompareValuesNotFieldTypes() throws Exception {
        // RabbitMQ compares decoded values: a signed 32-bit 7 in the binding matches a 64-bit 7.
        assertTrue(headersRoute(Map.of("n", 7), Map.of("n", 7L)));
        assertFalse(headersRoute(Map.of("n", 7), Map.of("n", "7")));
    }

    @Test
    void exchangeToExchangeBindingForwardsByTheBindingKey() throws Exception {
        String source = amqp.declareExchange("source", "direct");
        String destination = amqp.declareExchange("destination", "fanout");
        String queue = amqp.declareQueue("q");
        amqp.bindQueue(queue, destination, "");
        Channel channel = amqp.channel();
        channel.exchangeBind(destination, source, "yes");

        amqp.publish(source, "no", "dropped");
        amqp.publish(source, "yes", "forwarded");

        assertEquals(1, amqp.messageCount(queue));
        assertEquals("forwarded", amqp.getText(queue));
    }

    @Test
    void diamondOfExchangeBindingsDeliversOneCopy() throws Exception {
        String top = amqp.declareExchange("top", "fanout");
        String left = amqp.declareExchange("left", "fanout");
        String right = amqp.declareExchange("right", "fanout");
        String bottom = amqp.declareExchange("bottom", "fanout");
        String queue = amqp.declareQueue("q");
        Channel channel = amqp.channel();
        channel.exchangeBind(left, top, "");
        channel.exchangeBind(right, top, "");
        channel.exchangeBind(bottom, left, "");
        channel.exchangeBind(bottom, right, "");
        amqp.bindQueue(queue, bottom, "");

        amqp.publish(top, "", "m");

        assertEquals(1, amqp.messageCount(queue));
    }

    @Test
    void cycleOfExchangeBindingsDeliversOneCopyAndEnds() throws Exception {
        String first = amqp.declareExchange("first", "fanout");
        String second = amqp.declareExchange("second", "fanout");
        String queue = amqp.declareQueue("q");
        Channel channel = amqp.channel();
        channel.exchangeBind(second, first, "");
        channel.exchangeBind(first, second, "");
        amqp.bindQueue(queue, second, "");

        amqp.publish(first, "", "m");

        assertEquals(1, amqp.messageCount(queue));
    }

    @Test
    void unroutableMessageGoesToTheAlternateExchange() throws Exception {
        String alternate = amqp.declareExchange("alternate", "fanout");
        String exchange = amqp.declareExchange("x", "direct", Map.of("alternate-exchange", alternate));
        String routed = amqp.declareQueue("routed");
        String unrouted = amqp.declareQueue("unrouted");
        amqp.bindQueue(routed, exchange, "known");
        amqp.bindQueue(unrouted, alternate, "");

        amqp.publish(exchange, "known", "m1");
        amqp.publish(exchange, "unknown", "m2");

        assertEquals("m1", amqp.getText(routed));
        assertEquals("m2", amqp.getText(unrouted));
        assertEquals(0, amqp.messageCount(routed));
    }

    @Test
    void mandatoryMessageTakenByTheAlternateExchangeIsNotReturned() throws Exception {
        String alternate = amqp.declareExchange("alternate", "fanout");
        String exchange = amqp.declareExchange("x", "direct", Map.of("alternate-exchange", alternate));
        amqp.bindQueue(amqp.declareQueue("unrouted"), alternate, "");

        List<Return> returns = publishMandatoryAndCollectReturns(exchange, "unknown");

        assertEquals(List.of(), returns);
    }

    @Test
    void mandatoryUnroutableMessageIsReturnedWith312NoRoute() throws Exception {
        String exchange = amqp.declareExchange("x", "direct");

        List<Return> returns = publishMandatoryAndCollectReturns(exchange, "nowhere");

        assertEquals(1, returns.size());
        Return returned = returns.get(0);
        assertEquals(AMQP.NO_ROUTE, returned.getReplyCode());
        assertEquals("NO_ROUTE", returned.getReplyText());
        assertEquals(exchange, returned.getExchange());
        assertEquals("nowhere", returned.getRoutingKey());
        assertEquals("body", new String(returned.getBody(), StandardCharsets.UTF_8));
    }

    @Test
    void publishingToAnInternalExchangeIsRefusedWith403() throws Exception {
        String internal = amqp.name("internal");
        Channel channel = amqp.channel();
        channel.exchangeDeclare(internal, "fanout", false, false, true, Map.of());

        channel.basicPublish(internal, "", null, "m".getBytes(StandardCharsets.UTF_8));

        ProtocolErrors.assertChannelClosed(channel, AMQP.ACCESS_REFUSED, internal, "internal");
    }

    @Test
    void internalExchangeStillRoutesWhatAnotherExchangeForwards() throws Exception {
        String front = amqp.declareExchange("front", "fanout");
        String internal = amqp.name("internal");
        Channel channel = amqp.channel();
        channel.exchangeDeclare(internal, "fanout", false, false, true, Map.of());
        channel.exchangeBind(internal, front, "");
        String queue = amqp.declareQueue("q");
        amqp.bindQueue(queue, internal, "");

        amqp.publish(front, "", "m");

        assertEquals(1, amqp.messageCount(queue));
    }

    @Test
    void autoDeleteExchangeIsDeletedWithItsLastBinding() throws Exception {
        String exchange = amqp.name("x");
        Channel channel = amqp.channel();
        channel.exchangeDeclare(exchange, "direct", false, true, Map.of());
        String queue = amqp.declareQueue("q");
        amqp.bindQueue(queue, exchange, "one");
        amqp.bindQueue(queue, exchange, "two");

        channel.queueUnbind(queue, exchange, "one");
        assertTrue(amqp.exchangeExists(exchange), "deleted while a binding remained");
        channel.queueUnbind(queue, exchange, "two");

        Await.awaitCondition(Await.TIMEOUT, () -> amqp.exchangeGone(exchange));
    }

    @Test
    void autoDeleteExchangeThatNeverHadABindingStays() throws Exception {
        String exchange = amqp.name("x");
        amqp.channel().exchangeDeclare(exchange, "direct", false, true, Map.of());

        assertTrue(amqp.exchangeExists(exchange));
    }

    @Test
    void autoDeleteExchangeIsDeletedWhenItsOnlyBoundQueueIsDeleted() throws Exception {
        String exchange = amqp.name("x");
        Channel channel = amqp.channel();
        channel.exchangeDeclare(exchange, "fanout", false, true, Map.of());
        String queue = amqp.declareQueue("q");
        amqp.bindQueue(queue, exchange, "");

        channel.queueDelete(queue);

        Await.awaitCondition(Await.TIMEOUT, () -> amqp.exchangeGone(exchange));
    }

    @Test
    void ccHeaderAddsRoutingKeysAndStaysOnTheMessage() throws Exception {
        String exchange = amqp.declareExchange("x", "direct");
        String main = amqp.declareQueue("main");
        String copy = amqp.declareQueue("copy");
        amqp.bindQueue(main, exchange, "main");
        amqp.bindQueue(copy, exchange, "copy");

        amqp.publish(exchange, "main", withHeaders(Map.of("CC", List.of("copy"))), "m");

        assertEquals("m", amqp.getText(main));
        GetResponse copied = amqp.get(copy);
        assertEquals("[copy]", copied.getProps().getHeaders().get("CC").toString());
        assertEquals("main", copied.getEnvelope().getRoutingKey());
    }

    @Test
    void bccHeaderAddsRoutingKeysAndIsStrippedBeforeDelivery() throws Exception {
        String exchange = amqp.declareExchange("x", "direct");
        String main = amqp.declareQueue("main");
        String blind = amqp.declareQueue("blind");
        amqp.bindQueue(main, exchange, "main");
        amqp.bindQueue(blind, exchange, "blind");

        amqp.publish(exchange, "main", withHeaders(Map.of("BCC", List.of("blind"), "other", "kept")), "m");

        for (String queue : List.of(main, blind)) {
            Map<String, Object> headers = amqp.get(queue).getProps().getHeaders();
            assertNull(headers.get("BCC"), queue);
            assertEquals("kept", headers.get("other").toString(), queue);
        }
    }

    @Test
    void ccAndRoutingKeyReachingTheSameQueueDeliverOneCopy() throws Exception {
        String exchange = amqp.declareExchange("x", "topic");
        String queue = amqp.declareQueue("q");
        amqp.bindQueue(queue, exchange, "#");

        amqp.publish(exchange, "a", withHeaders(Map.of("CC", List.of("b"), "BCC", List.of("c"))), "m");

        assertEquals(1, amqp.messageCount(queue));
    }

    private boolean headersRoute(Map<String, Object> bindingArguments, Map<String, Object> messageHeaders)
            throws Exception {
        headersCase++;
        String exchange = amqp.declareExchange("headers" + headersCase, "headers");
        String queue = amqp.declareQueue("q" + headersCase);
        amqp.bindQueue(queue, exchange, "", bindingArguments);
        amqp.publish(exchange, "", withHeaders(messageHeaders), "m");
        return amqp.messageCount(queue) == 1;
    }

    private List<Return> publishMandatoryAndCollectReturns(String exchange, String routingKey) throws Exception {
        List<Return> returns = new CopyOnWriteArrayList<>();
        Channel channel = amqp.channel();
        channel.addReturnListener(returns::add);
        channel.confirmSelect();
        channel.basicPublish(exchange, routingKey, true, null, "body".getBytes(StandardCharsets.UTF_8));
        // RabbitMQ sends basic.return before the confirm, so after the confirm the list is final.
        channel.waitForConfirmsOrDie(Await.TIMEOUT.toMillis());
        return returns;
    }

    private static AMQP.BasicProperties withHeaders(Map<String, Object> headers) {
        return new AMQP.BasicProperties.Builder().headers(headers).build();
    }
}
