package dev.sluice.interop.amqp091;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.AmqpIOException;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.HeadersExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ChannelListener;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.connection.RabbitUtils;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.adapter.MessageListenerAdapter;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.amqp.rabbit.transaction.RabbitTransactionManager;
import org.springframework.amqp.support.converter.Jackson2JsonMessageConverter;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Spring AMQP ({@code spring-rabbit}) against the broker, used as a Spring application uses it but
 * without an application context: a {@link CachingConnectionFactory}, {@link RabbitAdmin},
 * {@link RabbitTemplate} and listener containers built by hand. Every expectation was first checked
 * against RabbitMQ with {@code -Dinterop.target=rabbitmq}.
 *
 * <p>Threading: the tests drive Spring from the JUnit thread; listeners run on the containers'
 * threads and hand what they saw over in concurrent collections, which the test waits on with
 * deadlines.
 */
class SpringAmqpIT {
    private static final long RECEIVE_TIMEOUT_MILLIS = Await.TIMEOUT.toMillis();
    private static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";

    @RegisterExtension
    final AmqpFixture amqp = new AmqpFixture();

    /** Stopped and destroyed after each test, last made first. */
    private final Deque<Runnable> cleanUps = new ArrayDeque<>();

    @AfterEach
    void stopSpring() {
        while (!cleanUps.isEmpty()) {
            cleanUps.pop().run();
        }
    }

    // ---------------------------------------------------------------- RabbitAdmin

    @Test
    void adminDeclaresEveryExchangeTypeWithBindingsThatRouteAsDeclared() {
        Spring spring = spring(CachingConnectionFactory.ConfirmType.NONE);
        DirectExchange direct = new DirectExchange(amqp.name("direct"), false, false);
        FanoutExchange fanout = new FanoutExchange(amqp.name("fanout"), false, false);
        TopicExchange topic = new TopicExchange(amqp.name("topic"), false, false);
        HeadersExchange headers = new HeadersExchange(amqp.name("headers"), false, false);
        Queue directQueue = plainQueue("direct.q");
        Queue fanoutQueue = plainQueue("fanout.q");
        Queue topicQueue = plainQueue("topic.q");
        Queue headersQueue = plainQueue("headers.q");
        Declarables topology = new Declarables(direct, fanout, topic, headers,
                directQueue, fanoutQueue, topicQueue, headersQueue,
                BindingBuilder.bind(directQueue).to(direct).with("invoice"),
                BindingBuilder.bind(fanoutQueue).to(fanout),
                BindingBuilder.bind(topicQueue).to(topic).with("orders.*.eu"),
                BindingBuilder.bind(headersQueue).to(headers).whereAll(Map.of("format", "pdf", "kind", "report")).match());

        declareAll(spring.admin(), topology);

        // Each exchange first gets a message its binding must not route, then one it must: the
        // first (and only) message in the queue shows that the binding filters as declared.
        sendText(spring.template(), direct.getName(), "receipt", Map.of(), "direct: wrong key");
        sendText(spring.template(), direct.getName(), "invoice", Map.of(), "direct: bound key");
        sendText(spring.template(), fanout.getName(), "anything", Map.of(), "fanout: any key");
        sendText(spring.template(), topic.getName(), "orders.42.us", Map.of(), "topic: other region");
        sendText(spring.template(), topic.getName(), "orders.42.eu", Map.of(), "topic: pattern match");
        sendText(spring.template(), headers.getName(), "", Map.of("format", "pdf"), "headers: one of two");
        sendText(spring.template(), headers.getName(), "", Map.of("format", "pdf", "kind", "report", "pages", 3),
                "headers: all of them");

        assertOnlyMessage(spring.template(), spring.admin(), directQueue.getName(), "direct: bound key");
        assertOnlyMessage(spring.template(), spring.admin(), fanoutQueue.getName(), "fanout: any key");
        assertOnlyMessage(spring.template(), spring.admin(), topicQueue.getName(), "topic: pattern match");
        assertOnlyMessage(spring.template(), spring.admin(), headersQueue.getName(), "headers: all of them");
    }

    @Test
    void queueArgumentsDeclaredByAdminDeadLetterOverflowAndExpiredMessages() {
        Spring spring = spring(CachingConnectionFactory.ConfirmType.NONE);
        FanoutExchange deadLetterExchange = new FanoutExchange(amqp.name("dlx"), false, false);
        Queue deadLetters = plainQueue("dead");
        Queue bounded = deadLetteringTo(deadLetterExchange, "bounded").maxLength(2).build();
        Queue shortLived = deadLetteringTo(deadLetterExchange, "short-lived").ttl(50).build();
        declareAll(spring.admin(), new Declarables(deadLetterExchange, deadLetters, bounded, shortLived,
                BindingBuilder.bind(deadLetters).to(deadLetterExchange)));

        for (String body : List.of("first", "second", "third")) {
            spring.template().convertAndSend("", bounded.getName(), body);
        }
        Message overflowed = receive(spring.template(), deadLetters.getName());
        assertEquals("first", text(overflowed));
        assertDeath(overflowed, bounded.getName(), "maxlen");
        assertEquals(2, spring.admin().getQueueInfo(bounded.getName()).getMessageCount());
        assertEquals("second", text(receive(spring.template(), bounded.getName())));

        spring.template().convertAndSend("", shortLived.getName(), "expiring");
        Message expired = receive(spring.template(), deadLetters.getName());
        assertEquals("expiring", text(expired));
        assertDeath(expired, shortLived.getName(), "expired");
        assertEquals(0, spring.admin().getQueueInfo(shortLived.getName()).getMessageCount());

        // The arguments are part of the queue: declaring it again with another TTL is refused.
        Queue conflicting = QueueBuilder.nonDurable(shortLived.getName())
                .deadLetterExchange(deadLetterExchange.getName()).ttl(60_000).build();
        AmqpIOException refused = assertThrows(AmqpIOException.class, () -> spring.admin().declareQueue(conflicting));
        AMQP.Channel.Close close = channelClose(refused);
        assertEquals(AMQP.PRECONDITION_FAILED, close.getReplyCode());
        assertTrue(close.getReplyText().contains("x-message-ttl"), close.getReplyText());
    }

    @Test
    void passiveDeclareOfAMissingQueueSurfacesAs404AndTheConnectionGoesOn() {
        Spring spring = spring(CachingConnectionFactory.ConfirmType.NONE);
        String missing = amqp.name("missing");

        AmqpIOException thrown = assertThrows(AmqpIOException.class,
                () -> spring.template().execute(channel -> channel.queueDeclarePassive(missing)));

        ShutdownSignalException signal = shutdownSignal(thrown);
        assertTrue(RabbitUtils.isPassiveDeclarationChannelClose(signal), signal::toString);
        assertEquals("NOT_FOUND - no queue '" + missing + "' in vhost '/'", channelClose(thrown).getReplyText());
        assertNull(spring.admin().getQueueInfo(missing), "RabbitAdmin reads a 404 as a missing queue");
        assertNull(spring.admin().getQueueProperties(missing));

        String queue = spring.admin().declareQueue(plainQueue("after-404"));
        spring.template().convertAndSend("", queue, "still connected");
        assertEquals("still connected", text(receive(spring.template(), queue)));
    }

    // ---------------------------------------------------------------- RabbitTemplate and converters

    @Test
    void jacksonConverterRoundTripsAnObjectWithItsTypeId() throws Exception {
        CachingConnectionFactory factory = connectionFactory(CachingConnectionFactory.ConfirmType.NONE);
        RabbitTemplate template = new RabbitTemplate(factory);
        Jackson2JsonMessageConverter converter = new Jackson2JsonMessageConverter(SpringAmqpIT.class.getPackageName());
        template.setMessageConverter(converter);
        String queue = new RabbitAdmin(factory).declareQueue(plainQueue("json"));
        Order order = new Order("order-7", "Zürich ✓", new BigDecimal("1234.50"), true,
                List.of(new Line("sku-1", 2), new Line("sku-2", 1)), Map.of("channel", "web", "coupon", "SPRING"));

        template.convertAndSend("", queue, order);
        Message raw = receive(template, queue);
        assertEquals(MessageProperties.CONTENT_TYPE_JSON, raw.getMessageProperties().getContentType());
        assertEquals("UTF-8", raw.getMessageProperties().getContentEncoding());
        assertEquals(Order.class.getName(), raw.getMessageProperties().getHeader("__TypeId__"));
        JsonNode json = new ObjectMapper().readTree(raw.getBody());
        assertEquals("Zürich ✓", json.get("city").asText());
        assertEquals("sku-2", json.get("lines").get(1).get("sku").asText());

        template.convertAndSend("", queue, order);
        assertEquals(order, template.receiveAndConvert(queue, RECEIVE_TIMEOUT_MILLIS));

        template.convertAndSend("", queue, order);
        Order typed = template.receiveAndConvert(queue, RECEIVE_TIMEOUT_MILLIS, new ParameterizedTypeReference<Order>() { });
        assertEquals(order, typed);
    }

    @Test
    void messagePropertiesAndHeadersOfEveryTypeRoundTrip() {
        CachingConnectionFactory factory = connectionFactory(CachingConnectionFactory.ConfirmType.NONE);
        RabbitTemplate template = new RabbitTemplate(factory);
        String queue = new RabbitAdmin(factory).declareQueue(plainQueue("properties"));
        Date timestamp = new Date(1_700_000_000_000L);
        Map<String, Object> nested = new HashMap<>(Map.of("depth", 2, "label", "inner"));
        Message sent = MessageBuilder.withBody("payload".getBytes(UTF_8))
                .setContentType(MessageProperties.CONTENT_TYPE_TEXT_PLAIN)
                .setContentEncoding("utf-8")
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .setPriority(5)
                .setCorrelationId("corr-42")
                .setReplyTo("replies")
                .setExpiration("60000")
                .setMessageId("msg-42")
                .setTimestamp(timestamp)
                .setType("order.created")
                .setUserId("guest")
                .setAppId("spring-it")
                .setHeader("string", "text ✓")
                .setHeader("int", 42)
                .setHeader("long", 5_000_000_000L)
                .setHeader("short", (short) 7)
                .setHeader("byte", (byte) -3)
                .setHeader("boolean", true)
                .setHeader("double", 2.5d)
                .setHeader("float", 1.25f)
                .setHeader("decimal", new BigDecimal("12.345"))
                .setHeader("date", timestamp)
                .setHeader("bytes", new byte[] {1, 2, 3})
                .setHeader("list", List.of("a", 1, true))
                .setHeader("map", nested)
                .build();

        template.send("", queue, sent);
        Message received = receive(template, queue);

        MessageProperties got = received.getMessageProperties();
        assertEquals("payload", text(received));
        assertEquals(MessageProperties.CONTENT_TYPE_TEXT_PLAIN, got.getContentType());
        assertEquals("utf-8", got.getContentEncoding());
        assertEquals(MessageDeliveryMode.PERSISTENT, got.getReceivedDeliveryMode());
        assertEquals(5, got.getPriority());
        assertEquals("corr-42", got.getCorrelationId());
        assertEquals("replies", got.getReplyTo());
        assertEquals("60000", got.getExpiration());
        assertEquals("msg-42", got.getMessageId());
        assertEquals(timestamp, got.getTimestamp());
        assertEquals("order.created", got.getType());
        assertEquals("guest", got.getReceivedUserId());
        assertEquals("spring-it", got.getAppId());
        assertEquals("", got.getReceivedExchange());
        assertEquals(queue, got.getReceivedRoutingKey());
        assertFalse(got.getRedelivered());

        Map<String, Object> headers = got.getHeaders();
        assertEquals("text ✓", headers.get("string"));
        assertEquals(42, headers.get("int"));
        assertEquals(5_000_000_000L, headers.get("long"));
        assertEquals((short) 7, headers.get("short"));
        assertEquals((byte) -3, headers.get("byte"));
        assertEquals(true, headers.get("boolean"));
        assertEquals(2.5d, headers.get("double"));
        assertEquals(1.25f, headers.get("float"));
        assertEquals(new BigDecimal("12.345"), headers.get("decimal"));
        assertEquals(timestamp, headers.get("date"));
        assertEquals(List.of(1, 2, 3), toList(assertInstanceOf(byte[].class, headers.get("bytes"))));
        assertEquals(List.of("a", 1, true), headers.get("list"));
        assertEquals(nested, headers.get("map"));
    }

    // ---------------------------------------------------------------- publisher confirms and returns

    @Test
    void publisherConfirmsCompleteEachCorrelationData() throws Exception {
        CachingConnectionFactory factory = connectionFactory(CachingConnectionFactory.ConfirmType.CORRELATED);
        RabbitTemplate template = new RabbitTemplate(factory);
        Map<String, Boolean> confirmed = new ConcurrentHashMap<>();
        template.setConfirmCallback((correlation, ack, cause) -> confirmed.put(correlation.getId(), ack));
        String queue = new RabbitAdmin(factory).declareQueue(plainQueue("confirmed"));

        List<CorrelationData> correlations = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            CorrelationData correlation = new CorrelationData("publish-" + i);
            template.convertAndSend("", queue, "message " + i, correlation);
            correlations.add(correlation);
        }

        for (CorrelationData correlation : correlations) {
            CorrelationData.Confirm confirm = correlation.getFuture().get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(confirm.isAck(), () -> correlation.getId() + " nacked: " + confirm.getReason());
            assertNull(correlation.getReturned(), "a routed message comes back");
        }
        Await.awaitCondition(Await.TIMEOUT, () -> confirmed.size() == 5);
        assertEquals(Set.of(true), Set.copyOf(confirmed.values()));
        amqp.awaitMessageCount(queue, 5);
    }

    @Test
    void publishingToAMissingExchangeNacksTheCorrelationDataWithThe404() throws Exception {
        CachingConnectionFactory factory = connectionFactory(CachingConnectionFactory.ConfirmType.CORRELATED);
        List<ShutdownSignalException> channelShutdowns = new CopyOnWriteArrayList<>();
        factory.addChannelListener(new ChannelListener() {
            @Override
            public void onCreate(Channel channel, boolean transactional) {
            }

            @Override
            public void onShutDown(ShutdownSignalException signal) {
                channelShutdowns.add(signal);
            }
        });
        RabbitTemplate template = new RabbitTemplate(factory);
        CorrelationData correlation = new CorrelationData("to-nowhere");
        String missing = amqp.name("no-such-exchange");

        template.convertAndSend(missing, "key", "lost", correlation);

        // The reason text depends on whether Spring or the broker closes the cached channel first;
        // the nack does not, and the channel listener sees the broker's 404.
        CorrelationData.Confirm confirm = correlation.getFuture().get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertFalse(confirm.isAck());
        Await.awaitCondition(Await.TIMEOUT, () -> !channelShutdowns.isEmpty());
        AMQP.Channel.Close close = channelClose(channelShutdowns.get(0));
        assertEquals(AMQP.NOT_FOUND, close.getReplyCode());
        assertEquals("NOT_FOUND - no exchange '" + missing + "' in vhost '/'", close.getReplyText());
    }

    @Test
    void mandatoryUnroutableMessageIsReturnedWith312NoRouteBeforeItsConfirm() throws Exception {
        CachingConnectionFactory factory = connectionFactory(CachingConnectionFactory.ConfirmType.CORRELATED);
        factory.setPublisherReturns(true);
        RabbitTemplate template = new RabbitTemplate(factory);
        template.setMandatory(true);
        List<ReturnedMessage> returns = new CopyOnWriteArrayList<>();
        template.setReturnsCallback(returns::add);
        RabbitAdmin admin = new RabbitAdmin(factory);
        DirectExchange exchange = new DirectExchange(amqp.name("unbound"), false, false);
        admin.declareExchange(exchange);
        CorrelationData correlation = new CorrelationData("unroutable");

        template.convertAndSend(exchange.getName(), "nobody.listens", "returned body", correlation);

        CorrelationData.Confirm confirm = correlation.getFuture().get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(confirm.isAck(), "an unroutable message is still confirmed");
        ReturnedMessage returned = correlation.getReturned();
        assertNotNull(returned, "the return arrives before the confirm");
        assertEquals(AMQP.NO_ROUTE, returned.getReplyCode());
        assertEquals("NO_ROUTE", returned.getReplyText());
        assertEquals(exchange.getName(), returned.getExchange());
        assertEquals("nobody.listens", returned.getRoutingKey());
        assertEquals("returned body", text(returned.getMessage()));
        Await.awaitCondition(Await.TIMEOUT, () -> returns.size() == 1);
        assertEquals(AMQP.NO_ROUTE, returns.get(0).getReplyCode());
    }

    // ---------------------------------------------------------------- request / reply

    @Test
    void convertSendAndReceiveUsesDirectReplyTo() {
        CachingConnectionFactory factory = connectionFactory(CachingConnectionFactory.ConfirmType.NONE);
        String requests = new RabbitAdmin(factory).declareQueue(plainQueue("requests"));
        Responder responder = new Responder();
        startResponder(factory, requests, responder);
        RabbitTemplate template = new RabbitTemplate(factory);
        template.setReplyTimeout(RECEIVE_TIMEOUT_MILLIS);

        for (String word : List.of("ping", "spring", "sluice")) {
            assertEquals(word.toUpperCase(Locale.ROOT), template.convertSendAndReceive("", requests, word));
        }

        assertEquals(3, responder.requests.size());
        for (MessageProperties request : responder.requests) {
            assertTrue(request.getReplyTo().startsWith(DIRECT_REPLY_TO + "."), request.getReplyTo());
        }
    }

    @Test
    void sendAndReceiveWithAFixedReplyQueueCorrelatesTheReply() {
        CachingConnectionFactory factory = connectionFactory(CachingConnectionFactory.ConfirmType.NONE);
        RabbitAdmin admin = new RabbitAdmin(factory);
        String requests = admin.declareQueue(plainQueue("requests"));
        String replies = admin.declareQueue(plainQueue("replies"));
        Responder responder = new Responder();
        startResponder(factory, requests, responder);
        RabbitTemplate template = new RabbitTemplate(factory);
        template.setReplyAddress(replies);
        template.setReplyTimeout(RECEIVE_TIMEOUT_MILLIS);
        SimpleMessageListenerContainer replyContainer = new SimpleMessageListenerContainer(factory);
        replyContainer.setQueueNames(replies);
        replyContainer.setMessageListener(template);
        start(replyContainer);

        Message reply = template.sendAndReceive("", requests, MessageBuilder.withBody("fixed".getBytes(UTF_8))
                .setContentType("text/plain").setCorrelationId("caller-7").build());

        // The template puts its own correlation id on the request, matches the reply by it on the
        // shared reply queue, and gives the caller's id back on the reply.
        assertNotNull(reply, "no reply within the reply timeout");
        assertEquals("FIXED", text(reply));
        assertEquals("caller-7", reply.getMessageProperties().getCorrelationId());
        MessageProperties request = responder.requests.get(0);
        assertEquals(replies, request.getReplyTo());
        assertNotNull(request.getCorrelationId());
        assertFalse("caller-7".equals(request.getCorrelationId()), "the template's own correlation id is on the wire");
        assertEquals(0, admin.getQueueInfo(replies).getMessageCount());
    }

    // ---------------------------------------------------------------- listener containers

    @Test
    void manualAckContainerWithThreeConsumersHoldsPrefetchPerConsumer() {
        Spring spring = spring(CachingConnectionFactory.ConfirmType.NONE);
        String queue = spring.admin().declareQueue(plainQueue("work"));
        List<Unacked> delivered = new CopyOnWriteArrayList<>();
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(spring.factory());
        container.setQueueNames(queue);
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setPrefetchCount(2);
        container.setConcurrentConsumers(3);
        container.setMessageListener((ChannelAwareMessageListener) (message, channel) ->
                delivered.add(new Unacked(text(message), channel, message.getMessageProperties().getDeliveryTag())));
        start(container);
        Await.awaitCondition(Await.TIMEOUT, () -> spring.admin().getQueueInfo(queue).getConsumerCount() == 3);

        for (int i = 0; i < 10; i++) {
            spring.template().convertAndSend("", queue, "job " + i);
        }

        Await.awaitCondition(Await.TIMEOUT, () -> delivered.size() == 6);
        Await.assertStaysTrue(() -> delivered.size() == 6);
        Map<Integer, Long> perChannel = delivered.stream()
                .collect(Collectors.groupingBy(unacked -> unacked.channel().getChannelNumber(), Collectors.counting()));
        assertEquals(List.of(2L, 2L, 2L), List.copyOf(perChannel.values()), perChannel::toString);
        assertEquals(4, spring.admin().getQueueInfo(queue).getMessageCount());

        ackAll(List.copyOf(delivered));
        Await.awaitCondition(Await.TIMEOUT, () -> delivered.size() == 10);
        ackAll(delivered.subList(6, 10));
        Set<String> bodies = new TreeSet<>();
        delivered.forEach(unacked -> bodies.add(unacked.body()));
        assertEquals(10, bodies.size(), bodies::toString);

        container.stop();
        assertEquals(0, spring.admin().getQueueInfo(queue).getMessageCount(), "every manual ack took effect");
    }

    @Test
    void listenerThrowingRejectAndDontRequeueDeadLettersTheMessageWithXDeath() {
        Spring spring = spring(CachingConnectionFactory.ConfirmType.NONE);
        DirectExchange deadLetterExchange = new DirectExchange(amqp.name("dlx"), false, false);
        Queue deadLetters = plainQueue("dead");
        Queue work = deadLetteringTo(deadLetterExchange, "work").deadLetterRoutingKey("failed").build();
        declareAll(spring.admin(), new Declarables(deadLetterExchange, deadLetters, work,
                BindingBuilder.bind(deadLetters).to(deadLetterExchange).with("failed")));
        AtomicInteger attempts = new AtomicInteger();
        DirectMessageListenerContainer container = new DirectMessageListenerContainer(spring.factory());
        container.setQueueNames(work.getName());
        container.setConsumersPerQueue(2);
        container.setMessageListener(message -> {
            attempts.incrementAndGet();
            throw new AmqpRejectAndDontRequeueException("cannot handle " + text(message));
        });
        start(container);

        spring.template().convertAndSend("", work.getName(), "poison");

        Message dead = receive(spring.template(), deadLetters.getName());
        assertEquals("poison", text(dead));
        assertEquals("failed", dead.getMessageProperties().getReceivedRoutingKey());
        assertDeath(dead, work.getName(), "rejected");
        assertEquals(List.of(work.getName()), dead.getMessageProperties().getXDeathHeader().get(0).get("routing-keys"));
        Await.assertStaysTrue(() -> attempts.get() == 1);
        assertEquals(0, spring.admin().getQueueInfo(work.getName()).getMessageCount());
    }

    // ---------------------------------------------------------------- transactions and scoped operations

    @Test
    void transactedTemplateRollsBackAPublishWhenTheCallbackFails() {
        CachingConnectionFactory factory = connectionFactory(CachingConnectionFactory.ConfirmType.NONE);
        RabbitTemplate template = new RabbitTemplate(factory);
        template.setChannelTransacted(true);
        String queue = new RabbitAdmin(factory).declareQueue(plainQueue("tx"));

        assertThrows(AmqpException.class, () -> template.execute(channel -> {
            channel.basicPublish("", queue, null, "rolled back".getBytes(UTF_8));
            throw new IllegalStateException("abort the transaction");
        }));
        template.convertAndSend("", queue, "committed");

        assertOnlyMessage(template, new RabbitAdmin(factory), queue, "committed");
    }

    @Test
    void transactionManagerKeepsPublishesInvisibleUntilCommitAndRequeuesReceivesOnRollback() {
        CachingConnectionFactory factory = connectionFactory(CachingConnectionFactory.ConfirmType.NONE);
        RabbitTemplate template = new RabbitTemplate(factory);
        template.setChannelTransacted(true);
        TransactionTemplate transaction = new TransactionTemplate(new RabbitTransactionManager(factory));
        String queue = new RabbitAdmin(factory).declareQueue(plainQueue("tx"));

        assertThrows(IllegalStateException.class, () -> transaction.executeWithoutResult(status -> {
            template.convertAndSend("", queue, "never 1");
            template.convertAndSend("", queue, "never 2");
            throw new IllegalStateException("roll back");
        }));
        transaction.executeWithoutResult(status -> {
            template.convertAndSend("", queue, "kept 1");
            template.convertAndSend("", queue, "kept 2");
            // A synchronous method on the transaction's own channel: the broker has taken both
            // publishes, and must not route them before the commit.
            AMQP.Queue.DeclareOk seen = template.execute(channel -> channel.queueDeclarePassive(queue));
            assertEquals(0, seen.getMessageCount(), "publishes visible before the commit");
        });
        amqp.awaitMessageCount(queue, 2);

        assertThrows(IllegalStateException.class, () -> transaction.executeWithoutResult(status -> {
            assertEquals("kept 1", text(template.receive(queue)));
            throw new IllegalStateException("roll back the receive");
        }));
        Message again = receive(new RabbitTemplate(factory), queue);
        assertEquals("kept 1", text(again));
        assertTrue(again.getMessageProperties().getRedelivered(), "a rolled-back receive comes back redelivered");
        assertEquals("kept 2", text(receive(template, queue)));
        assertEquals(0, amqp.messageCount(queue));
    }

    @Test
    void invokeRunsScopedOperationsOnOneChannelAndWaitsForTheirConfirms() {
        CachingConnectionFactory factory = connectionFactory(CachingConnectionFactory.ConfirmType.SIMPLE);
        RabbitTemplate template = new RabbitTemplate(factory);
        String queue = new RabbitAdmin(factory).declareQueue(plainQueue("scoped"));
        Set<Integer> channels = ConcurrentHashMap.newKeySet();
        AtomicInteger nacks = new AtomicInteger();
        TreeMap<Long, Boolean> acked = new TreeMap<>();

        Boolean allConfirmed = template.invoke(operations -> {
            for (int i = 0; i < 3; i++) {
                operations.convertAndSend("", queue, "scoped " + i);
                channels.add(operations.execute(Channel::getChannelNumber));
            }
            operations.waitForConfirmsOrDie(Await.TIMEOUT.toMillis());
            return true;
        }, (tag, multiple) -> {
            synchronized (acked) {
                acked.put(tag, multiple);
            }
        }, (tag, multiple) -> nacks.incrementAndGet());

        assertEquals(Boolean.TRUE, allConfirmed);
        assertEquals(1, channels.size(), "every operation ran on the one dedicated channel");
        synchronized (acked) {
            assertEquals(3L, acked.lastKey(), "the last confirm covers the third publish");
        }
        assertEquals(0, nacks.get());
        assertEquals(3, amqp.messageCount(queue));
    }

    // ---------------------------------------------------------------- helpers

    /** The request side of request / reply: upper-cases the body, Spring sends the reply. */
    public static final class Responder {
        final List<MessageProperties> requests = new CopyOnWriteArrayList<>();

        public Message handleMessage(Message request) {
            requests.add(request.getMessageProperties());
            return MessageBuilder.withBody(text(request).toUpperCase(Locale.ROOT).getBytes(UTF_8))
                    .setContentType(MessageProperties.CONTENT_TYPE_TEXT_PLAIN)
                    .build();
        }
    }

    record Line(String sku, int count) {
    }

    record Order(String id, String city, BigDecimal total, boolean paid, List<Line> lines, Map<String, String> tags) {
    }

    private record Unacked(String body, Channel channel, long deliveryTag) {
    }

    /** One connection factory with the admin and template a Spring application would make on it. */
    private record Spring(CachingConnectionFactory factory, RabbitAdmin admin, RabbitTemplate template) {
    }

    private Spring spring(CachingConnectionFactory.ConfirmType confirms) {
        CachingConnectionFactory factory = connectionFactory(confirms);
        return new Spring(factory, new RabbitAdmin(factory), new RabbitTemplate(factory));
    }

    /** A non-durable queue named {@code name(role)} whose dead letters go to the exchange. */
    private QueueBuilder deadLetteringTo(Exchange deadLetterExchange, String role) {
        return QueueBuilder.nonDurable(amqp.name(role)).deadLetterExchange(deadLetterExchange.getName());
    }

    private CachingConnectionFactory connectionFactory(CachingConnectionFactory.ConfirmType confirms) {
        CachingConnectionFactory factory = new CachingConnectionFactory(amqp.factory());
        factory.setPublisherConfirmType(confirms);
        cleanUps.push(factory::destroy);
        return factory;
    }

    private void start(AbstractMessageListenerContainer container) {
        container.afterPropertiesSet();
        container.start();
        cleanUps.push(container::stop);
    }

    private void startResponder(CachingConnectionFactory factory, String requests, Responder responder) {
        MessageListenerAdapter adapter = new MessageListenerAdapter(responder);
        adapter.setMessageConverter(null);
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(factory);
        container.setQueueNames(requests);
        container.setMessageListener(adapter);
        start(container);
    }

    private Queue plainQueue(String role) {
        return QueueBuilder.nonDurable(amqp.name(role)).build();
    }

    /** What an application context would do with a {@link Declarables} bean, done by hand. */
    private static void declareAll(RabbitAdmin admin, Declarables declarables) {
        for (Declarable declarable : declarables.getDeclarables()) {
            if (declarable instanceof Exchange exchange) {
                admin.declareExchange(exchange);
            } else if (declarable instanceof Queue queue) {
                admin.declareQueue(queue);
            } else if (declarable instanceof Binding binding) {
                admin.declareBinding(binding);
            } else {
                throw new IllegalArgumentException("cannot declare " + declarable);
            }
        }
    }

    private static void sendText(RabbitTemplate template, String exchange, String routingKey,
                                 Map<String, Object> headers, String body) {
        MessageBuilder builder = MessageBuilder.withBody(body.getBytes(UTF_8));
        headers.forEach(builder::setHeader);
        template.send(exchange, routingKey, builder.build());
    }

    /** The queue's next message is {@code body}, and nothing is behind it. */
    private static void assertOnlyMessage(RabbitTemplate template, RabbitAdmin admin, String queue, String body) {
        assertEquals(body, text(receive(template, queue)));
        QueueInformation info = admin.getQueueInfo(queue);
        assertEquals(0, info.getMessageCount(), () -> queue + " holds more than " + body);
    }

    private static Message receive(RabbitTemplate template, String queue) {
        Message message = template.receive(queue, RECEIVE_TIMEOUT_MILLIS);
        assertNotNull(message, () -> "nothing arrived in " + queue + " within " + Await.TIMEOUT);
        return message;
    }

    private static void assertDeath(Message dead, String queue, String reason) {
        List<Map<String, ?>> deaths = dead.getMessageProperties().getXDeathHeader();
        assertNotNull(deaths, "no x-death header");
        assertEquals(1, deaths.size(), deaths::toString);
        Map<String, ?> death = deaths.get(0);
        assertEquals(queue, death.get("queue"));
        assertEquals(reason, death.get("reason"));
        assertEquals(1L, ((Number) death.get("count")).longValue());
        assertEquals(reason, dead.getMessageProperties().getHeader("x-first-death-reason"));
        assertEquals(queue, dead.getMessageProperties().getHeader("x-first-death-queue"));
    }

    private static void ackAll(List<Unacked> deliveries) {
        for (Unacked unacked : deliveries) {
            try {
                unacked.channel().basicAck(unacked.deliveryTag(), false);
            } catch (IOException e) {
                throw new AssertionError("cannot ack " + unacked.body(), e);
            }
        }
    }

    private static ShutdownSignalException shutdownSignal(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof ShutdownSignalException signal) {
                return signal;
            }
        }
        throw new AssertionError("no ShutdownSignalException behind " + thrown, thrown);
    }

    private static AMQP.Channel.Close channelClose(Throwable thrown) {
        return assertInstanceOf(AMQP.Channel.Close.class, shutdownSignal(thrown).getReason());
    }

    private static String text(Message message) {
        return new String(message.getBody(), UTF_8);
    }

    private static List<Integer> toList(byte[] bytes) {
        List<Integer> values = new ArrayList<>();
        for (byte b : bytes) {
            values.add((int) b);
        }
        return values;
    }
}
