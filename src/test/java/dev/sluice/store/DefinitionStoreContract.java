package dev.sluice.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.Destination;
import dev.sluice.core.routing.ExchangeDefinition;
import dev.sluice.core.routing.ExchangeType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link DefinitionStore} must have. Each store's test class extends this one. */
public abstract class DefinitionStoreContract {
    protected static final ExchangeDefinition ORDERS = new ExchangeDefinition("orders", ExchangeType.TOPIC, true, false,
            false, Map.of("alternate-exchange", "unrouted"));
    protected static final ExchangeDefinition UNROUTED = ExchangeDefinition.of("unrouted", ExchangeType.FANOUT);
    protected static final QueueDefinition WORK = QueueDefinition.durable("work",
            Map.of("x-max-priority", 5, "x-message-ttl", 60_000L));
    protected static final Binding ORDERS_TO_WORK = new Binding("orders", Destination.queue("work"), "eu.#",
            Map.of("note", "kept"));
    protected static final Binding ORDERS_TO_UNROUTED = new Binding("orders", Destination.exchange("unrouted"), "#");

    protected DefinitionStore store;

    protected abstract DefinitionStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** Puts a small topology in vhost "/": two exchanges, a queue, two bindings. */
    protected void putTopology() {
        store.putVirtualHost("/");
        store.putExchange("/", ORDERS);
        store.putExchange("/", UNROUTED);
        store.putQueue("/", WORK);
        store.putBinding("/", ORDERS_TO_WORK);
        store.putBinding("/", ORDERS_TO_UNROUTED);
    }

    protected static VirtualHostDefinitions only(List<VirtualHostDefinitions> loaded) {
        assertEquals(1, loaded.size(), loaded.toString());
        return loaded.get(0);
    }

    @Test
    void keepsEverythingInTheOrderItWasMade() {
        putTopology();
        VirtualHostDefinitions root = only(store.load());
        assertEquals("/", root.name());
        assertEquals(List.of(ORDERS, UNROUTED), root.exchanges());
        assertEquals(List.of(WORK), root.queues());
        assertEquals(List.of(ORDERS_TO_WORK, ORDERS_TO_UNROUTED), root.bindings());
    }

    @Test
    void puttingTheSameThingTwiceKeepsOneAndARedefinitionReplaces() {
        putTopology();
        store.putQueue("/", WORK);
        store.putBinding("/", ORDERS_TO_WORK);
        QueueDefinition redefined = QueueDefinition.durable("work", Map.of());
        store.putQueue("/", redefined);
        VirtualHostDefinitions root = only(store.load());
        assertEquals(List.of(redefined), root.queues());
        assertEquals(2, root.bindings().size());
    }

    @Test
    void deletingAQueueTakesTheBindingsToIt() {
        putTopology();
        store.deleteQueue("/", "work");
        VirtualHostDefinitions root = only(store.load());
        assertTrue(root.queues().isEmpty());
        assertEquals(List.of(ORDERS_TO_UNROUTED), root.bindings());
    }

    @Test
    void deletingAnExchangeTakesTheBindingsFromAndToIt() {
        putTopology();
        store.deleteExchange("/", "unrouted");
        assertEquals(List.of(ORDERS_TO_WORK), only(store.load()).bindings());
        store.deleteExchange("/", "orders");
        VirtualHostDefinitions root = only(store.load());
        assertTrue(root.bindings().isEmpty());
        assertTrue(root.exchanges().isEmpty());
        assertEquals(List.of(WORK), root.queues());
    }

    @Test
    void unbindingRemovesOnlyThatBinding() {
        putTopology();
        store.deleteBinding("/", new Binding("orders", Destination.queue("work"), "eu.#", Map.of("note", "kept")));
        assertEquals(List.of(ORDERS_TO_UNROUTED), only(store.load()).bindings());
    }

    @Test
    void virtualHostsAreSeparateAndDeletingOneTakesEverythingInIt() {
        putTopology();
        store.putVirtualHost("tenant");
        store.putQueue("tenant", WORK);
        List<VirtualHostDefinitions> loaded = store.load();
        assertEquals(List.of("/", "tenant"), loaded.stream().map(VirtualHostDefinitions::name).toList());
        assertEquals(List.of(WORK), loaded.get(1).queues());
        store.deleteVirtualHost("tenant");
        assertEquals("/", only(store.load()).name());
    }
}
