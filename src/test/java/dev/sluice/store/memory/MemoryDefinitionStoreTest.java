package dev.sluice.store.memory;

import dev.sluice.store.DefinitionStore;
import dev.sluice.store.DefinitionStoreContract;

class MemoryDefinitionStoreTest extends DefinitionStoreContract {
    @Override
    protected DefinitionStore newStore() {
        return new MemoryDefinitionStore();
    }
}
