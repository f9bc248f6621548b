package dev.sluice.store.mapdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.store.DefinitionStore;
import dev.sluice.store.DefinitionStoreContract;
import dev.sluice.store.StoreSettings;
import dev.sluice.store.VirtualHostDefinitions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The definition store contract over MapDB, and reopening. */
class MapDbDefinitionStoreTest extends DefinitionStoreContract {
    @TempDir
    Path dir;

    @Override
    protected DefinitionStore newStore() {
        return MapDbStorage.open(dir, StoreSettings.mapDb()).definitions();
    }

    private DefinitionStore reopen() {
        store.close();
        store = MapDbStorage.open(dir, StoreSettings.mapDb()).definitions();
        return store;
    }

    @Test
    void definitionsSurviveReopeningWithTheirOrderAndArguments() {
        putTopology();
        VirtualHostDefinitions root = only(reopen().load());
        assertEquals(List.of(ORDERS, UNROUTED), root.exchanges());
        assertEquals(List.of(WORK), root.queues());
        assertEquals(List.of(ORDERS_TO_WORK, ORDERS_TO_UNROUTED), root.bindings());
    }

    @Test
    void deletionsAndReplacementsSurviveReopening() {
        putTopology();
        reopen();
        store.deleteExchange("/", "unrouted");
        store.putQueue("/", WORK.withName("other"));
        VirtualHostDefinitions root = only(reopen().load());
        assertEquals(List.of(ORDERS), root.exchanges());
        assertEquals(List.of(WORK, WORK.withName("other")), root.queues());
        assertEquals(List.of(ORDERS_TO_WORK), root.bindings());
        store.putExchange("/", UNROUTED);
        store.deleteVirtualHost("/");
        assertTrue(reopen().load().isEmpty());
    }
}
