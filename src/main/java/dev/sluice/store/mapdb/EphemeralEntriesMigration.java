package dev.sluice.store.mapdb;

import java.nio.file.Path;

/**
 * Store format 2 → 3. Format 3 adds <em>ephemeral</em> entries (entry records of codec version 3
 * with flag bit 1: paged-out messages that must not survive a restart, discarded whenever the
 * store is opened). A format 2 store holds none, and its entry records (versions 1 and 2) read as
 * they are, so the step changes no data: it only raises the stamp. The stamp matters the other way
 * round: a Sluice that reads format 2 refuses a format 3 directory instead of recovering its
 * ephemeral entries as if they were persistent messages.
 *
 * <p>Threading: runs alone, before the store is opened.
 */
final class EphemeralEntriesMigration {
    private EphemeralEntriesMigration() {
    }

    static void migrate(Path storeDirectory) {
        // nothing to convert: see the class comment
    }
}
