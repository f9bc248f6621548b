package dev.sluice.store.mapdb;

import dev.sluice.store.StorageHealth;
import dev.sluice.store.StoreException;
import dev.sluice.store.StoreSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * One MapDB store directory, opened: the format check, the file and its tables, the group-commit
 * writer, the reader, and the two stores that use them ({@link #messages()},
 * {@link #definitions()}). Closing either store closes the storage.
 *
 * <p>Threading: thread-safe; {@link #close()} and {@link #crashForTest()} may be called from any
 * thread, once taking effect.
 */
public final class MapDbStorage implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MapDbStorage.class.getName());
    private final Path directory;
    private final MapDbTables tables;
    private final GroupWriter writer;
    private final MapDbReader reader;
    private final MapDbMessageStore messages;
    private final MapDbDefinitionStore definitions;
    private static final String LEGACY_DAMAGE = "an earlier Sluice version, which used MapDB's own write-ahead log, "
            + "was stopped while applying a commit and may have left the file damaged (see docs/storage.md)";

    private final AtomicBoolean closed = new AtomicBoolean();

    private MapDbStorage(Path directory, MapDbTables tables, StoreSettings settings, StorageHealth health) {
        this.directory = directory;
        this.tables = tables;
        this.reader = new MapDbReader(tables, settings.readCacheBytes(), "sluice-storage-reader",
                (queueId, seqs) -> messages().dropEntries(queueId, seqs));
        this.writer = new GroupWriter(tables, new TableWriter(tables, reader), settings, health,
                "sluice-storage-writer");
        this.messages = new MapDbMessageStore(this, tables, writer, reader);
        this.definitions = new MapDbDefinitionStore(this, writer);
    }

    /** Opens (creating when missing) the store in {@code directory}. */
    public static MapDbStorage open(Path directory, StoreSettings settings) {
        return open(directory, settings, StorageHealth.IGNORED);
    }

    /** Opens (creating when missing) the store in {@code directory}, telling {@code health} how writes go. */
    public static MapDbStorage open(Path directory, StoreSettings settings, StorageHealth health) {
        return open(directory, settings, StoreMigrations.standard(), health);
    }

    /** Opens the store with the given migrations (tests use their own). */
    public static MapDbStorage open(Path directory, StoreSettings settings, StoreMigrations migrations) {
        return open(directory, settings, migrations, StorageHealth.IGNORED);
    }

    private static MapDbStorage open(Path directory, StoreSettings settings, StoreMigrations migrations,
                                     StorageHealth health) {
        StoreFormat.prepare(directory, migrations);
        MapDbTables tables;
        try {
            tables = MapDbTables.open(directory);
        } catch (JournaledVolume.FileInUseException e) {
            throw new StoreException("cannot open the store in " + directory.toAbsolutePath()
                    + ": another broker is using it (" + e.getMessage() + ")", e);
        } catch (RuntimeException | AssertionError e) {
            throw new StoreException("cannot open the store in " + directory.toAbsolutePath() + ": "
                    + (legacyLogLeftOver(directory) ? LEGACY_DAMAGE + ": " : "") + e, e);
        }
        MapDbStorage storage = new MapDbStorage(directory, tables, settings, health);
        try {
            storage.definitions.load(tables);
            storage.messages.open();
        } catch (RuntimeException | AssertionError e) {
            storage.reader.close();
            tables.close();
            throw new StoreException("cannot read the store in " + directory.toAbsolutePath() + ": "
                    + (legacyLogLeftOver(directory) ? LEGACY_DAMAGE + ": " : "") + e, e);
        }
        storage.writer.start();
        return storage;
    }

    /**
     * Sluice versions before the page journal used MapDB 3.1's write-ahead log, which writes a
     * commit to its log, then into the file in place, deletes the log only after that, and never
     * replays it. Such a log left over means that version died during a commit, possibly halfway
     * through changing the file (docs/storage.md).
     */
    private static boolean legacyLogLeftOver(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith(MapDbTables.FILE_NAME + ".wal."));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    public MapDbMessageStore messages() {
        return messages;
    }

    public MapDbDefinitionStore definitions() {
        return definitions;
    }

    public Path directory() {
        return directory;
    }

    /** Asks the writer to commit what is pending now instead of at the end of the commit interval. */
    public void requestCommit() {
        writer.requestCommit();
    }

    /** Groups the writer has finished so far: committed, or with nothing left to write once folded. */
    public long committedGroups() {
        return writer.committedGroups();
    }

    /** Writes everything pending, stops the writer and closes the file; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            writer.stop();
            reader.close();
            tables.close();
            LOG.log(System.Logger.Level.INFO, "storage closed: " + writer.committedGroups() + " groups, "
                    + writer.writtenMessages() + " message records written, " + writer.cancelledMessages()
                    + " messages settled before their group and never written");
        }
    }

    /**
     * For crash tests: stops the writer without writing what is pending and closes the file
     * without committing, as if the process had been killed. What was confirmed by
     * {@code whenDurable} is on disk; anything later may not be.
     */
    public void crashForTest() {
        if (closed.compareAndSet(false, true)) {
            writer.halt();
            reader.close();
            tables.close();
        }
    }
}
