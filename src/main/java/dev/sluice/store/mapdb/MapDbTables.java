package dev.sluice.store.mapdb;

import dev.sluice.core.message.Message;
import java.nio.file.Path;
import java.util.Map;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;
import org.mapdb.serializer.SerializerArrayTuple;

/**
 * The MapDB file and its four tables (see docs/storage.md):
 * <ul>
 * <li>{@code messages}: message id → message record ({@link MessageCodec}), values kept outside
 *     the tree nodes so large bodies do not weigh on lookups;</li>
 * <li>{@code entries}: (queue id, sequence number) → entry record ({@link EntryRecord});</li>
 * <li>{@code queues}: (virtual host, queue name) → queue id;</li>
 * <li>{@code definitions}: record id → definition record ({@link DefinitionCodec}).</li>
 * </ul>
 * The file is MapDB's plain store over a {@link JournaledVolume}: changes become durable, all or
 * none, at {@link #commit()}, and a crash at any moment leaves the last commit intact (MapDB's own
 * write-ahead log is not used: it can damage the file, see docs/storage.md). A commit that fails
 * (a full disk) keeps its changes, and the next commit writes them.
 *
 * <p>Threading: the writer thread applies and commits; recovery reads before the writer starts.
 * MapDB's maps are themselves thread-safe.
 */
final class MapDbTables implements AutoCloseable {
    static final String FILE_NAME = "sluice.db";
    static final String JOURNAL_NAME = "sluice.db.journal";
    private static final System.Logger LOG = System.getLogger(MapDbTables.class.getName());

    private final DB db;
    final BTreeMap<Long, byte[]> messages;
    final BTreeMap<Object[], byte[]> entries;
    final BTreeMap<Object[], Long> queues;
    final BTreeMap<Long, byte[]> definitions;

    private MapDbTables(DB db) {
        this.db = db;
        this.messages = db.treeMap("messages", Serializer.LONG, Serializer.BYTE_ARRAY)
                .valuesOutsideNodesEnable()
                .createOrOpen();
        this.entries = db.treeMap("entries")
                .keySerializer(new SerializerArrayTuple(Serializer.LONG, Serializer.LONG))
                .valueSerializer(Serializer.BYTE_ARRAY)
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
        JournaledVolume volume = JournaledVolume.open(directory.resolve(FILE_NAME), directory.resolve(JOURNAL_NAME));
        DB db;
        try {
            db = DBMaker.volumeDB(volume, volume.existed()).make();
        } catch (RuntimeException | AssertionError e) {
            volume.close();
            throw e;
        }
        try {
            return new MapDbTables(db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Applies a group's changes, removals first; nothing is durable before {@link #commit()}. */
    void apply(PendingGroup g) {
        for (long queueId : g.deletedQueueIds) {
            entries.prefixSubMap(new Object[] {queueId}).clear();
        }
        for (Map.Entry<Long, Map<Long, PendingGroup.EntryChange>> queue : g.entryChanges.entrySet()) {
            for (Map.Entry<Long, PendingGroup.EntryChange> e : queue.getValue().entrySet()) {
                Object[] key = {queue.getKey(), e.getKey()};
                EntryRecord record = e.getValue().record();
                if (record == null) {
                    entries.remove(key);
                } else {
                    entries.put(key, record.encode());
                }
            }
        }
        for (long id : g.messageDeletes) {
            messages.remove(id);
        }
        g.messagePuts.forEach((id, message) -> {
            byte[] record = encodeOrSkip(message);
            if (record != null) {
                messages.put(id, record);
            }
        });
        for (var queue : g.queueIdDeletes) {
            queues.remove(new Object[] {queue.vhost(), queue.queue()});
        }
        g.queueIdPuts.forEach((queue, id) -> queues.put(new Object[] {queue.vhost(), queue.queue()}, id));
        for (long id : g.definitionDeletes) {
            definitions.remove(id);
        }
        definitions.putAll(g.definitionPuts);
    }

    /**
     * A message whose headers hold a value outside the field-value types cannot be written; it is
     * reported and left out (it stays in memory until consumed), rather than stopping every write.
     */
    private static byte[] encodeOrSkip(Message message) {
        try {
            return MessageCodec.encode(message);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, "message " + message.id() + " cannot be stored and will not "
                    + "survive a restart: " + e.getMessage());
            return null;
        }
    }

    void commit() {
        db.commit();
    }

    /** Closes the file; whatever was applied but not committed is lost, as in a crash. */
    @Override
    public void close() {
        if (!db.isClosed()) {
            db.close();
        }
    }
}
