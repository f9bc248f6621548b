package dev.sluice.store.mapdb;

import java.nio.file.Path;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;
import org.mapdb.serializer.SerializerArrayTuple;

/**
 * The MapDB file and its tables (see docs/storage.md):
 * <ul>
 * <li>{@code messages}: message id → message record ({@link MessageCodec}), values kept outside
 *     the tree nodes so large bodies do not weigh on lookups;</li>
 * <li>{@code entries}: (queue id, sequence number) → entry record ({@link EntryRecord});</li>
 * <li>{@code shared}: message id → reference count, only for messages more than one entry refers
 *     to (a message without a row here has exactly one reference);</li>
 * <li>{@code removals}: (queue id, after sequence number) → up to sequence number: entry ranges
 *     still to be removed (purges and deleted queues, removed in chunks);</li>
 * <li>{@code queues}: (virtual host, queue name) → queue id;</li>
 * <li>{@code definitions}: record id → definition record ({@link DefinitionCodec}).</li>
 * </ul>
 * The file is MapDB's plain store over a {@link JournaledVolume}: changes become durable, all or
 * none, at {@link #commit()}, and a crash at any moment leaves the last commit intact (MapDB's own
 * write-ahead log is not used: it can damage the file, see docs/storage.md). A commit that fails
 * (a full disk) keeps its changes, and the next commit writes them.
 *
 * <p>Threading: the writer thread changes and commits; the reader thread and recovery read.
 * MapDB's maps are themselves thread-safe.
 */
final class MapDbTables implements AutoCloseable {
    static final String FILE_NAME = "sluice.db";
    static final String JOURNAL_NAME = "sluice.db.journal";
    private static final System.Logger LOG = System.getLogger(MapDbTables.class.getName());

    private final DB db;
    private final JournaledVolume volume;
    final BTreeMap<Long, byte[]> messages;
    final BTreeMap<Object[], byte[]> entries;
    final BTreeMap<Long, Integer> shared;
    final BTreeMap<Object[], Long> removals;
    final BTreeMap<Object[], Long> queues;
    final BTreeMap<Long, byte[]> definitions;

    private MapDbTables(DB db, JournaledVolume volume) {
        this.volume = volume;
        this.db = db;
        this.messages = db.treeMap("messages", Serializer.LONG, Serializer.BYTE_ARRAY)
                .valuesOutsideNodesEnable()
                .createOrOpen();
        this.entries = db.treeMap("entries")
                .keySerializer(new SerializerArrayTuple(Serializer.LONG, Serializer.LONG))
                .valueSerializer(Serializer.BYTE_ARRAY)
                .createOrOpen();
        this.shared = db.treeMap("shared", Serializer.LONG, Serializer.INTEGER)
                .createOrOpen();
        this.removals = db.treeMap("removals")
                .keySerializer(new SerializerArrayTuple(Serializer.LONG, Serializer.LONG))
                .valueSerializer(Serializer.LONG)
                .createOrOpen();
        this.queues = db.treeMap("queues")
                .keySerializer(new SerializerArrayTuple(Serializer.STRING, Serializer.STRING))
                .valueSerializer(Serializer.LONG)
                .createOrOpen();
        this.definitions = db.treeMap("definitions", Serializer.LONG, Serializer.BYTE_ARRAY)
                .createOrOpen();
        db.commit();
    }

    static MapDbTables open(Path directory) {
        return open(directory, JournaledVolume.Faults.NONE);
    }

    /** Opens the tables with faults injected into their commits (tests of full disks and crashes). */
    static MapDbTables open(Path directory, JournaledVolume.Faults faults) {
        JournaledVolume volume = JournaledVolume.open(directory.resolve(FILE_NAME), directory.resolve(JOURNAL_NAME),
                faults);
        DB db;
        try {
            db = DBMaker.volumeDB(volume, volume.existed()).make();
        } catch (RuntimeException | AssertionError e) {
            volume.close();
            throw e;
        }
        try {
            return new MapDbTables(db, volume);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** The key of entry {@code seq} of queue {@code queueId}. */
    static Object[] entryKey(long queueId, long seq) {
        return new Object[] {queueId, seq};
    }

    void commit() {
        db.commit();
    }

    /** Writes the commits in the journal into the file (see {@link JournaledVolume#checkpoint()}). */
    void checkpoint() {
        volume.checkpoint();
    }

    /** Bytes of commits in the journal that are not in the file yet. */
    long journalBytes() {
        return volume.journalBytes();
    }

    /** Closes the file; whatever was applied but not committed is lost, as in a crash. */
    @Override
    public void close() {
        if (!db.isClosed()) {
            db.close();
        }
    }
}
