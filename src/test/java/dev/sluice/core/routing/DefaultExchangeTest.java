package dev.sluice.core.routing;

import static dev.sluice.core.routing.RoutingFixtures.queues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.core.BrokerException;
import dev.sluice.core.ErrorKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultExchangeTest {
    private final DefaultExchange exchange = new DefaultExchange();

    @Test
    void isTheDirectExchangeNamedEmpty() {
        assertEquals("", exchange.name());
        assertEquals(ExchangeType.DIRECT, exchange.type());
    }

    @Test
    void routesAKeyToTheQueueOfThatName() {
        assertEquals(List.of("orders"), queues(exchange, "orders"));
        assertEquals(List.of(""), queues(exchange, ""));
    }

    @Test
    void refusesBindAndUnbindAs403() {
        Binding binding = new Binding("", Destination.queue("q"), "k");

        BrokerException bind = assertThrows(BrokerException.class, () -> exchange.bind(binding));
        BrokerException unbind = assertThrows(BrokerException.class, () -> exchange.unbind(binding));

        for (BrokerException refused : List.of(bind, unbind)) {
            assertEquals(ErrorKind.ACCESS_REFUSED, refused.kind());
            assertEquals("ACCESS_REFUSED - operation not permitted on the default exchange", refused.replyText());
        }
        assertEquals(List.of(), exchange.unbindAll(Destination.queue("q")));
        assertEquals(0, exchange.bindingCount());
    }
}
