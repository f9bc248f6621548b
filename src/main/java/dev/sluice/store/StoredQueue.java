package dev.sluice.store;

/**
 * What a store holds for one queue, as found when the store was opened: the queue's entries all
 * lie at positions {@code afterSeq < seq <= lastSeq}. A recovered queue keeps this summary instead
 * of the entries and reads them in batches ({@link MessageStore#read}) as it needs them.
 *
 * @param count how many entries there are
 * @param bytes the body bytes of those entries (0 for entries written before body sizes were kept)
 * @param afterSeq every entry's position is above this
 * @param lastSeq the highest position held
 *
 * <p>Threading: immutable.
 */
public record StoredQueue(long count, long bytes, long afterSeq, long lastSeq) {
    public static final StoredQueue EMPTY = new StoredQueue(0, 0, 0, 0);

    public boolean isEmpty() {
        return count == 0;
    }
}
