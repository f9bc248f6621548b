package dev.sluice.store.memory;

import dev.sluice.store.MessageStore;
import dev.sluice.store.MessageStoreContract;

class MemoryMessageStoreTest extends MessageStoreContract {
    @Override
    protected MessageStore newStore() {
        return new MemoryMessageStore();
    }
}
