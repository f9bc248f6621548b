package dev.sluice.interop.amqp091;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import java.math.BigDecimal;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every basic property and every header field type the Java client sends comes back unchanged. */
class PropertiesIT {
    /** AMQP timestamps have whole seconds, so the test sends whole seconds. */
    private static final Date WHOLE_SECOND = new Date(1_700_000_000_000L);

    @RegisterExtension
    final AmqpFixture amqp = new AmqpFixture();

    @Test
    void everyBasicPropertyRoundTrips() throws Exception {
        AMQP.BasicProperties sent = new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .contentEncoding("gzip")
                .headers(Map.of("h", "v"))
                .deliveryMode(2)
                .priority(7)
                .correlationId("corr")
                .replyTo("reply-queue")
                .expiration("600000")
                .messageId("id-1")
                .timestamp(WHOLE_SECOND)
                .type("kind")
                .userId("guest")
                .appId("app")
                .clusterId("cluster")
                .build();

        AMQP.BasicProperties got = roundTrip(sent);

        assertEquals(sent.getContentType(), got.getContentType());
        assertEquals(sent.getContentEncoding(), got.getContentEncoding());
        assertEquals("v", got.getHeaders().get("h").toString());
        assertEquals(sent.getDeliveryMode(), got.getDeliveryMode());
        assertEquals(sent.getPriority(), got.getPriority());
        assertEquals(sent.getCorrelationId(), got.getCorrelationId());
        assertEquals(sent.getReplyTo(), got.getReplyTo());
        assertEquals(sent.getExpiration(), got.getExpiration());
        assertEquals(sent.getMessageId(), got.getMessageId());
        assertEquals(sent.getTimestamp(), got.getTimestamp());
        assertEquals(sent.getType(), got.getType());
        assertEquals(sent.getUserId(), got.getUserId());
        assertEquals(sent.getAppId(), got.getAppId());
        assertEquals(sent.getClusterId(), got.getClusterId());
    }

    @Test
    void absentPropertiesStayAbsent() throws Exception {
        AMQP.BasicProperties got = roundTrip(new AMQP.BasicProperties());

        assertEquals(new AMQP.BasicProperties().toString(), got.toString());
    }

    static Stream<Arguments> headerValues() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("inner", "text");
        nested.put("number", 5);
        nested.put("deeper", Map.of("flag", true));
        return Stream.of(
                Arguments.of("String", "text"),
                Arguments.of("empty String", ""),
                Arguments.of("Integer", 123_456),
                Arguments.of("negative Integer", -7),
                Arguments.of("Long", 1L << 40),
                Arguments.of("Short", (short) -12),
                Arguments.of("Byte", (byte) -3),
                Arguments.of("Boolean", true),
                Arguments.of("Float", 1.5f),
                Arguments.of("Double", 2.25d),
                Arguments.of("BigDecimal", new BigDecimal("123.45")),
                Arguments.of("Date", WHOLE_SECOND),
                Arguments.of("byte[]", new byte[] {0, 1, (byte) 0xff}),
                Arguments.of("nested Map", nested),
                Arguments.of("List", List.of("a", 1, 2L, false, List.of("b"))),
                Arguments.of("empty List", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerValues")
    void headerValueRoundTripsWithItsType(String type, Object value) throws Exception {
        AMQP.BasicProperties got = roundTrip(new AMQP.BasicProperties.Builder().headers(Map.of("h", value)).build());

        Object received = got.getHeaders().get("h");
        if (value instanceof byte[] bytes) {
            assertArrayEquals(bytes, assertInstanceOf(byte[].class, received));
        } else {
            assertEquals(value, plain(received), type);
        }
    }

    @Test
    void stringHeaderArrivesAsALongString() throws Exception {
        AMQP.BasicProperties got = roundTrip(new AMQP.BasicProperties.Builder().headers(Map.of("h", "text")).build());

        assertInstanceOf(LongString.class, got.getHeaders().get("h"));
    }

    @Test
    void voidHeaderValueRoundTripsAsNull() throws Exception {
        Map<String, Object> headers = new HashMap<>();
        headers.put("h", null);

        AMQP.BasicProperties got = roundTrip(new AMQP.BasicProperties.Builder().headers(headers).build());

        assertTrue(got.getHeaders().containsKey("h"));
        assertEquals(null, got.getHeaders().get("h"));
    }

    private AMQP.BasicProperties roundTrip(AMQP.BasicProperties properties) throws Exception {
        String queue = amqp.declareQueue("q");
        amqp.publish("", queue, properties, "body");
        return amqp.get(queue).getProps();
    }

    /** The value with every LongString turned into a String, inside maps and lists too. */
    private static Object plain(Object value) {
        if (value instanceof LongString longString) {
            return longString.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, inner) -> copy.put(key, plain(inner)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(PropertiesIT::plain).toList();
        }
        return value;
    }
}
