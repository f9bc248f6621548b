package dev.sluice.store.mapdb;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Store format 1 → 2. Format 1 kept no reference counts on disk (the store counted the entries of
 * each message into memory when it opened); format 2 keeps a row in the {@code shared} table for
 * every message more than one entry refers to, and no per-message state in memory. The step counts
 * the entries once, writes the rows, and commits; run again, it writes the same rows.
 *
 * <p>Format 2 also adds the {@code removals} table (created empty) and entry records of codec
 * version 2 (with the body size); version 1 entries stay as they are and read with size 0.
 *
 * <p>Threading: runs alone, before the store is opened.
 */
final class SharedCountsMigration {
    private SharedCountsMigration() {
    }

    static void migrate(Path storeDirectory) {
        try (MapDbTables tables = MapDbTables.open(storeDirectory)) {
            Map<Long, Integer> references = new HashMap<>();
            Iterator<byte[]> records = tables.entries.valueIterator();
            while (records.hasNext()) {
                references.merge(EntryRecord.decode(records.next()).messageId(), 1, Integer::sum);
            }
            tables.shared.clear();
            references.forEach((id, count) -> {
                if (count > 1) {
                    tables.shared.put(id, count);
                }
            });
            tables.commit();
        }
    }
}
