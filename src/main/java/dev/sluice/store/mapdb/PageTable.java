package dev.sluice.store.mapdb;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Page copies of a {@link JournaledVolume} by page index: a plain array of slots, so that a read
 * of the volume, which looks here for every value it reads, costs one array load instead of a
 * hash look-up with a boxed key. The slots cover the pages from 0 to the highest one ever put
 * (a reference per page of the store file, 2 MiB for a 2 GiB file) and grow by doubling.
 *
 * <p>Threading: one writer thread puts and clears; any thread may read. Slot reads and writes are
 * volatile, and a grown array is published through a volatile field, so a reader sees every copy
 * put before it (MapDB's own locks order a record's write before the reads of that record).
 */
final class PageTable {
    private volatile AtomicReferenceArray<byte[]> slots = new AtomicReferenceArray<>(64);
    /** Writer thread only: the indexes of the filled slots, in the order they were filled. */
    private long[] filled = new long[64];
    private volatile int size;

    /** The copy of page {@code index}, or null. */
    byte[] get(long index) {
        AtomicReferenceArray<byte[]> s = slots;
        return index < s.length() ? s.get((int) index) : null;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** Writer thread only: sets the copy of page {@code index}. */
    void put(long index, byte[] page) {
        if (index > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("page " + index + " is beyond what a page table holds");
        }
        AtomicReferenceArray<byte[]> s = slots;
        if (index >= s.length()) {
            s = grow(s, (int) index);
        }
        if (s.getAndSet((int) index, page) == null) {
            if (size == filled.length) {
                filled = Arrays.copyOf(filled, size * 2);
            }
            filled[size] = index;
            size++;
        }
    }

    private AtomicReferenceArray<byte[]> grow(AtomicReferenceArray<byte[]> s, int index) {
        int length = Math.max(index + 1, (int) Math.min(Integer.MAX_VALUE - 8L, 2L * s.length()));
        AtomicReferenceArray<byte[]> bigger = new AtomicReferenceArray<>(length);
        for (int i = 0; i < size; i++) {
            int at = (int) filled[i];
            bigger.set(at, s.get(at));
        }
        slots = bigger;
        return bigger;
    }

    /** Writer thread only: the indexes of the filled slots, ascending. */
    long[] sortedIndexes() {
        long[] indexes = Arrays.copyOf(filled, size);
        Arrays.sort(indexes);
        return indexes;
    }

    /** Writer thread only: empties every slot. */
    void clear() {
        AtomicReferenceArray<byte[]> s = slots;
        for (int i = 0; i < size; i++) {
            s.set((int) filled[i], null);
        }
        size = 0;
    }
}
