package dev.sluice.store.mapdb;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where format migrations go: one step per format version, each turning a store directory of
 * version {@code v} into one of version {@code v + 1}, run in order by {@link StoreFormat} before
 * the store is opened (the stamp is raised after each step, so an interrupted run resumes at the
 * step that did not finish; steps must therefore tolerate being run again).
 *
 * <p>Steps: 1 → 2 counts shared messages into the {@code shared} table
 * ({@link SharedCountsMigration}); 2 → 3 changes no data ({@link EphemeralEntriesMigration}: format
 * 3 adds ephemeral entries, which a format 2 store cannot hold). When the layout changes again: raise
 * {@link StoreFormat#CURRENT_VERSION}, add the step for the old version here, describe both in
 * docs/storage.md, and test the step on a directory written by the old code.
 *
 * <p>Threading: immutable.
 */
public final class StoreMigrations {
    /** One step from a format version to the next. */
    @FunctionalInterface
    public interface Step {
        void migrate(Path storeDirectory) throws IOException;
    }

    private final Map<Integer, Step> steps;

    public StoreMigrations(Map<Integer, Step> steps) {
        this.steps = Map.copyOf(steps);
    }

    /** The steps this Sluice knows. */
    public static StoreMigrations standard() {
        return new StoreMigrations(Map.of(1, SharedCountsMigration::migrate, 2, EphemeralEntriesMigration::migrate));
    }

    /** The step from {@code version} to the next; refused when there is none. */
    Step step(int version) {
        Step step = steps.get(version);
        if (step == null) {
            throw new StoreFormatException("no migration from store format " + version + " to " + (version + 1));
        }
        return step;
    }
}
