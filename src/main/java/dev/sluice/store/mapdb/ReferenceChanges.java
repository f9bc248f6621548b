package dev.sluice.store.mapdb;

import java.util.HashMap;
import java.util.Map;

/**
 * The net change of message reference counts in one commit, and how it reaches the tables. A
 * message's count on disk is its row in {@code shared} when it has one, else 1 when it is stored
 * (most messages are in exactly one queue and never get a row), else 0. When the count goes from 0
 * up, the message record is written; when it comes down to 0, the record is deleted; a count above
 * 1 is kept in {@code shared}. Changes come from the group (entries made and removed before they
 * were written) and from the writer itself (entries removed from disk, whose message it learns
 * from the removed record).
 *
 * <p>Threading: writer thread only.
 */
final class ReferenceChanges {
    private static final System.Logger LOG = System.getLogger(ReferenceChanges.class.getName());

    private final Map<Long, PendingGroup.MessageChange> fromGroup;
    private final Map<Long, Integer> dropped = new HashMap<>();

    ReferenceChanges(Map<Long, PendingGroup.MessageChange> fromGroup) {
        this.fromGroup = fromGroup;
    }

    /** An entry written earlier and referring to {@code messageId} has been removed. */
    void dropped(long messageId) {
        dropped.merge(messageId, 1, Integer::sum);
    }

    /** Writes, counts and deletes messages as the changes say; returns how many records were written. */
    int applyTo(MapDbTables tables, MapDbReader reader) {
        int written = 0;
        for (Map.Entry<Long, PendingGroup.MessageChange> e : fromGroup.entrySet()) {
            PendingGroup.MessageChange m = e.getValue();
            Integer drops = dropped.remove(e.getKey());
            int delta = m.delta - (drops == null ? 0 : drops);
            if (change(tables, reader, e.getKey(), m.record, m.fresh, delta)) {
                written++;
            }
        }
        for (Map.Entry<Long, Integer> e : dropped.entrySet()) {
            change(tables, reader, e.getKey(), null, false, -e.getValue());
        }
        return written;
    }

    /** Applies one message's change; true when its record was written. */
    private static boolean change(MapDbTables tables, MapDbReader reader, long id, byte[] record, boolean fresh,
                                  int delta) {
        if (delta == 0 && (fresh || record == null)) {
            return false;
        }
        int before = countOnDisk(tables, id, record, fresh);
        int after = before + delta;
        if (after < 0) {
            LOG.log(System.Logger.Level.WARNING, "message " + id + " lost more references than it had; treated as gone");
            after = 0;
        }
        boolean written = false;
        if (before == 0 && after > 0) {
            tables.messages.put(id, record);
            written = true;
        } else if (before > 0 && after == 0) {
            tables.messages.remove(id);
            reader.forget(id);
        }
        if (after > 1) {
            if (after != before) {
                tables.shared.put(id, after);
            }
            if (record != null) {
                reader.remember(id, record);
            }
        } else if (before > 1) {
            tables.shared.remove(id);
        }
        return written;
    }

    private static int countOnDisk(MapDbTables tables, long id, byte[] record, boolean fresh) {
        if (fresh) {
            return 0;
        }
        Integer shared = tables.shared.get(id);
        if (shared != null) {
            return shared;
        }
        if (record == null) {
            return 1; // only removals: an entry on disk referred to it, so it is stored
        }
        return tables.messages.containsKey(id) ? 1 : 0;
    }
}
