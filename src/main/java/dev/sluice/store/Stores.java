package dev.sluice.store;

import dev.sluice.store.mapdb.MapDbStorage;
import dev.sluice.store.memory.MemoryDefinitionStore;
import dev.sluice.store.memory.MemoryMessageStore;
import java.nio.file.Path;

/**
 * The message store and the definition store a broker uses, opened together from its settings
 * and closed together. MapDB keeps its files in {@code <data dir>/store}.
 *
 * <p>Threading: thread-safe (both stores are).
 */
public final class Stores implements AutoCloseable {
    /** The directory under the data directory that holds the MapDB store. */
    public static final String DIRECTORY = "store";

    private final MessageStore messages;
    private final DefinitionStore definitions;

    public Stores(MessageStore messages, DefinitionStore definitions) {
        this.messages = messages;
        this.definitions = definitions;
    }

    /** Opens the stores {@code settings} choose; a MapDB store lives in {@code dataDir/store}. */
    public static Stores open(Path dataDir, StoreSettings settings) {
        return open(dataDir, settings, StorageHealth.IGNORED);
    }

    /** As {@link #open(Path, StoreSettings)}; a disk store reports failed and recovered writes to {@code health}. */
    public static Stores open(Path dataDir, StoreSettings settings, StorageHealth health) {
        return switch (settings.type()) {
            case MEMORY -> new Stores(new MemoryMessageStore(), new MemoryDefinitionStore());
            case MAPDB -> {
                MapDbStorage storage = MapDbStorage.open(dataDir.resolve(DIRECTORY), settings, health);
                yield new Stores(storage.messages(), storage.definitions());
            }
        };
    }

    public MessageStore messages() {
        return messages;
    }

    public DefinitionStore definitions() {
        return definitions;
    }

    /** Closes the message store (writing what is pending), then the definition store. */
    @Override
    public void close() {
        try {
            messages.close();
        } finally {
            definitions.close();
        }
    }
}
