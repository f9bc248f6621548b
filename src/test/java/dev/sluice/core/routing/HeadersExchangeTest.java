package dev.sluice.core.routing;

import static dev.sluice.core.routing.RoutingFixtures.definition;
import static dev.sluice.core.routing.RoutingFixtures.queues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.BrokerException;
import dev.sluice.core.ErrorKind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadersExchangeTest {
    private final HeadersExchange exchange = new HeadersExchange(definition("h", ExchangeType.HEADERS));

    private void bind(String queue, Map<String, Object> arguments) {
        exchange.bind(new Binding("h", Destination.queue(queue), "ignored", arguments));
    }

    private boolean routes(Map<String, Object> headers) {
        return queues(exchange, "any-key", headers).equals(List.of("q"));
    }

    /** A map that, unlike Map.of, allows null (void) values. */
    private static Map<String, Object> headers(Object... namesAndValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void allIsTheDefaultAndNeedsEveryArgument() {
        bind("q", Map.of("format", "pdf", "type", "report"));

        assertTrue(routes(Map.of("format", "pdf", "type", "report")));
        assertTrue(routes(Map.of("format", "pdf", "type", "report", "extra", 1)));
        assertFalse(routes(Map.of("format", "pdf")));
        assertFalse(routes(Map.of("format", "pdf", "type", "log")));
        assertFalse(routes(null));
    }

    @Test
    void anyNeedsOneArgument() {
        bind("q", Map.of("x-match", "any", "format", "pdf", "type", "report"));

        assertTrue(routes(Map.of("format", "pdf")));
        assertTrue(routes(Map.of("type", "report", "format", "zip")));
        assertFalse(routes(Map.of("format", "zip")));
        assertFalse(routes(Map.of()));
    }

    @Test
    void xArgumentsAreIgnoredUnlessTheModeSaysWithX() {
        bind("q", Map.of("x-match", "all", "x-trace", "on", "a", 1));
        assertTrue(routes(Map.of("a", 1)));

        HeadersExchange any = new HeadersExchange(definition("h2", ExchangeType.HEADERS));
        any.bind(new Binding("h2", Destination.queue("q"), "", Map.of("x-match", "any", "x-trace", "on")));
        assertEquals(List.of(), queues(any, "", Map.of("x-trace", "on")));
    }

    @Test
    void allWithXMatchesXArgumentsToo() {
        bind("q", Map.of("x-match", "all-with-x", "x-trace", "on", "a", 1));

        assertTrue(routes(Map.of("a", 1, "x-trace", "on")));
        assertFalse(routes(Map.of("a", 1)));
        assertFalse(routes(Map.of("a", 1, "x-trace", "off")));
    }

    @Test
    void anyWithXMatchesOnAnXArgumentAlone() {
        bind("q", Map.of("x-match", "any-with-x", "x-trace", "on", "a", 1));

        assertTrue(routes(Map.of("x-trace", "on")));
        assertTrue(routes(Map.of("a", 1)));
        assertFalse(routes(Map.of("x-match", "any-with-x")));
    }

    @Test
    void aVoidArgumentMatchesAHeaderOfAnyValueThatIsPresent() {
        bind("q", headers("flag", null));

        assertTrue(routes(Map.of("flag", "anything")));
        assertTrue(routes(Map.of("flag", 42)));
        assertTrue(routes(headers("flag", null)));
        assertFalse(routes(Map.of("other", 1)));
    }

    @Test
    void aVoidHeaderDoesNotEqualAValuedArgument() {
        bind("q", Map.of("flag", "on"));
        assertFalse(routes(headers("flag", null)));
    }

    @Test
    void numbersMatchByValueWhateverTheirWidthAndBytesMatchStrings() {
        bind("q", Map.of("n", 1, "s", "text"));

        assertTrue(routes(Map.of("n", 1L, "s", "text")));
        assertTrue(routes(Map.of("n", (short) 1, "s", "text".getBytes(StandardCharsets.UTF_8))));
        assertTrue(routes(Map.of("n", (byte) 1, "s", "text")));
        assertTrue(routes(Map.of("n", 1.0d, "s", "text")));
        assertTrue(routes(Map.of("n", new BigDecimal("1.00"), "s", "text")));
        assertFalse(routes(Map.of("n", 2L, "s", "text")));
        assertFalse(routes(Map.of("n", "1", "s", "text")));
    }

    /** RabbitMQ starts "all" at true and "any" at false, so with nothing to match they stay so. */
    @Test
    void allWithNoArgumentsMatchesEverythingAndAnyWithNoneMatchesNothing() {
        bind("q", Map.of());
        HeadersExchange anyExchange = new HeadersExchange(definition("h2", ExchangeType.HEADERS));
        anyExchange.bind(new Binding("h2", Destination.queue("q"), "", Map.of("x-match", "any")));
        anyExchange.bind(new Binding("h2", Destination.queue("q"), "", Map.of("x-match", "any", "x-only", 1)));

        assertTrue(routes(Map.of()));
        assertTrue(routes(null));
        assertTrue(routes(Map.of("a", 1)));
        assertEquals(List.of(), queues(anyExchange, "", Map.of("a", 1, "x-only", 1)));
        assertEquals(List.of(), queues(anyExchange, "", null));
    }

    @Test
    void anInvalidXMatchValueIsRefusedAtBindTime() {
        BrokerException refused = assertThrows(BrokerException.class,
                () -> bind("q", Map.of("x-match", "some", "a", 1)));

        assertEquals(ErrorKind.PRECONDITION_FAILED, refused.kind());
        assertTrue(refused.getMessage().startsWith("Invalid x-match field value 'some'"), refused.getMessage());
        assertEquals(0, exchange.bindingCount());
        assertEquals(List.of(), queues(exchange, "", Map.of("a", 1)));
    }

    @Test
    void anXMatchThatIsNotAStringIsRefusedAtBindTime() {
        BrokerException refused = assertThrows(BrokerException.class, () -> bind("q", Map.of("x-match", 1)));
        assertEquals(ErrorKind.PRECONDITION_FAILED, refused.kind());
        assertTrue(refused.getMessage().startsWith("Invalid x-match field type"), refused.getMessage());

        assertThrows(BrokerException.class, () -> bind("q", headers("x-match", null)));
        assertEquals(0, exchange.bindingCount());
    }

    @Test
    void anXMatchGivenAsBytesIsAccepted() {
        bind("q", Map.of("x-match", "any".getBytes(StandardCharsets.UTF_8), "a", 1, "b", 2));
        assertTrue(routes(Map.of("b", 2)));
    }

    @Test
    void unbindStopsRouting() {
        Binding binding = new Binding("h", Destination.queue("q"), "", Map.of("a", 1));
        exchange.bind(binding);
        assertTrue(routes(Map.of("a", 1)));
        exchange.unbind(binding);
        assertFalse(routes(Map.of("a", 1)));
    }
}
