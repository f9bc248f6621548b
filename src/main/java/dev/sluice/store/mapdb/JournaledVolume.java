package dev.sluice.store.mapdb;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.mapdb.DataInput2;
import org.mapdb.volume.CleanerUtil;
import org.mapdb.volume.Volume;

/**
 * A MapDB {@link Volume} whose commits are atomic on disk, whatever moment the process dies at.
 *
 * <p>MapDB's own transactions (3.1's write-ahead log) write a commit into the store file in place
 * and never replay their log, so a kill in the middle of that leaves a damaged file (see
 * docs/storage.md). This volume is used with MapDB's plain store instead, and gives it what the
 * log should have: nothing MapDB writes reaches the store file directly. Writes land in copies of
 * the 4 KiB pages they touch (the dirty pages), reads see those copies first, and {@link #sync()},
 * which MapDB calls at each commit, does the commit: the full image of every dirty page goes to
 * the {@link PageJournal}, appended after the commits before it, and synced: the commit is
 * durable. {@link #checkpoint()} later writes the newest image of every page the journal holds into
 * the store file, syncs it, empties the journal and drops those pages; reads see them until then.
 * The storage writer checkpoints when it has nothing else to do or when the journal has grown past
 * {@value #CHECKPOINT_JOURNAL_BYTES} bytes (and {@code sync()} itself then, as a backstop), so under
 * load a commit costs one sync, and a page changed by many commits reaches the file once.
 * Opening replays every whole commit record in the journal in order (the process died after step
 * 1), so the file always holds exactly the last commit whose record is whole. A failed commit (a
 * full disk, an I/O error) keeps the dirty pages, so the next {@code sync()} tries the same commit
 * again and nothing MapDB has written is lost.
 *
 * <p>The store file is read through read-only memory mappings of {@value #CHUNK_SHIFT}-bit
 * chunks, and its length is kept a multiple of the chunk (grown sparsely at commits).
 *
 * <p>Threading: one thread at a time writes, commits and checkpoints (the storage writer; MapDB's own locks
 * keep readers off records being written); any number of threads may read meanwhile, including
 * during a commit. The file lock keeps other processes away.
 */
final class JournaledVolume extends Volume {
    static final int PAGE_SHIFT = 12;
    static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    private static final long PAGE_MASK = PAGE_SIZE - 1;
    static final int CHUNK_SHIFT = 24;
    private static final long CHUNK_SIZE = 1L << CHUNK_SHIFT;
    private static final long CHUNK_MASK = CHUNK_SIZE - 1;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final System.Logger LOG = System.getLogger(JournaledVolume.class.getName());
    /** Journal size past which the next commit first checkpoints (bounds the journaled pages held in memory). */
    static final long CHECKPOINT_JOURNAL_BYTES = 8L << 20;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final PageJournal journal;
    private final boolean existed;
    private final Faults faults;
    /** Pages written since the last commit. */
    private final PageTable dirty = new PageTable();
    /** The newest image of each page committed to the journal but not yet in the file; never changed. */
    private final PageTable journaled = new PageTable();
    /** The store file's length after the commits in the journal (at least {@link #fileLength}). */
    private long journaledLength;
    /** The store file's length on disk: a multiple of the chunk, all of it mapped. */
    private volatile long fileLength;
    private volatile MappedByteBuffer[] chunks = new MappedByteBuffer[0];
    /** The highest offset MapDB has asked to be available. */
    private volatile long requestedLength;
    private long sequence;

    /**
     * Where a commit can be made to fail, for tests of crashes and full disks: called before the
     * journal is written ({@code page} -1), before each page is written into the store file, and
     * before that file is synced ({@code page} = the page count).
     */
    interface Faults {
        Faults NONE = (stage, page) -> { };

        void before(Stage stage, int page) throws IOException;
    }

    /** The steps of a commit, for {@link Faults}. */
    enum Stage { JOURNAL, STORE_FILE }

    private JournaledVolume(Path file, FileChannel channel, FileLock lock, PageJournal journal, Faults faults)
            throws IOException {
        this.faults = faults;
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.journal = journal;
        List<PageJournal.Commit> pending = journal.readAll();
        if (!pending.isEmpty()) {
            int pages = 0;
            for (PageJournal.Commit commit : pending) {
                writePages(commit.fileLength(), commit.pageIndexes(), commit.pages());
                sequence = commit.sequence();
                pages += commit.pageIndexes().length;
            }
            journal.clear();
            LOG.log(System.Logger.Level.INFO, "replayed " + pending.size() + " commits (" + pages
                    + " pages) from the journal into " + file);
        }
        long size = channel.size();
        this.existed = size > 0;
        long rounded = roundUpToChunk(size);
        if (rounded != size) {
            channel.write(ByteBuffer.allocate(1), rounded - 1);
        }
        this.fileLength = rounded;
        this.journaledLength = rounded;
        this.requestedLength = rounded;
        mapUpTo(rounded);
    }

    /**
     * Opens (creating when missing) {@code file} with its journal {@code journalFile}, replaying a
     * whole commit the journal holds. Fails with {@link FileInUseException} when another process
     * has the file open.
     */
    static JournaledVolume open(Path file, Path journalFile) {
        return open(file, journalFile, Faults.NONE);
    }

    /** {@link #open(Path, Path)} with faults injected into commits (tests). */
    static JournaledVolume open(Path file, Path journalFile, Faults faults) {
        FileChannel channel = null;
        PageJournal journal = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new FileInUseException(file);
            }
            journal = PageJournal.open(journalFile, PAGE_SIZE);
            return new JournaledVolume(file, channel, lock, journal, faults);
        } catch (IOException | RuntimeException e) {
            closeQuietly(journal);
            closeQuietly(channel);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /** Another process holds the store file. */
    static final class FileInUseException extends RuntimeException {
        FileInUseException(Path file) {
            super(file + " is in use by another process");
        }
    }

    /** True when the file held a store before it was opened (after any replay). */
    boolean existed() {
        return existed;
    }

    /** Pages changed since the last commit (for tests). */
    int dirtyPages() {
        return dirty.size();
    }

    private static long roundUpToChunk(long length) {
        return (length + CHUNK_MASK) & ~CHUNK_MASK;
    }

    private void mapUpTo(long length) throws IOException {
        int count = (int) (length >>> CHUNK_SHIFT);
        MappedByteBuffer[] current = chunks;
        if (count <= current.length) {
            return;
        }
        MappedByteBuffer[] grown = Arrays.copyOf(current, count);
        for (int i = current.length; i < count; i++) {
            grown[i] = channel.map(FileChannel.MapMode.READ_ONLY, (long) i << CHUNK_SHIFT, CHUNK_SIZE);
        }
        chunks = grown;
    }

    // ---- reading

    /** The newest copy of a page that is not (yet) in the file, or null. */
    private byte[] dirtyPage(long offset) {
        if (dirty.isEmpty() && journaled.isEmpty()) {
            return null;
        }
        long index = offset >>> PAGE_SHIFT;
        byte[] page = dirty.get(index);
        return page != null ? page : journaled.get(index);
    }

    private ByteBuffer chunk(long offset) {
        return chunks[(int) (offset >>> CHUNK_SHIFT)];
    }

    /** True when [offset, offset + size) lies in one page. */
    private static boolean inOnePage(long offset, int size) {
        return (offset & PAGE_MASK) + size <= PAGE_SIZE;
    }

    @Override
    public long getLong(long offset) {
        if (inOnePage(offset, 8)) {
            byte[] page = dirtyPage(offset);
            if (page != null) {
                return (long) LONGS.get(page, (int) (offset & PAGE_MASK));
            }
            return offset < fileLength ? chunk(offset).getLong((int) (offset & CHUNK_MASK)) : 0L;
        }
        byte[] bytes = new byte[8];
        getData(offset, bytes, 0, 8);
        return (long) LONGS.get(bytes, 0);
    }

    @Override
    public int getInt(long offset) {
        if (inOnePage(offset, 4)) {
            byte[] page = dirtyPage(offset);
            if (page != null) {
                return (int) INTS.get(page, (int) (offset & PAGE_MASK));
            }
            return offset < fileLength ? chunk(offset).getInt((int) (offset & CHUNK_MASK)) : 0;
        }
        byte[] bytes = new byte[4];
        getData(offset, bytes, 0, 4);
        return (int) INTS.get(bytes, 0);
    }

    @Override
    public byte getByte(long offset) {
        byte[] page = dirtyPage(offset);
        if (page != null) {
            return page[(int) (offset & PAGE_MASK)];
        }
        return offset < fileLength ? chunk(offset).get((int) (offset & CHUNK_MASK)) : 0;
    }

    @Override
    public void getData(long offset, byte[] bytes, int bytesPos, int size) {
        while (size > 0) {
            int inPage = (int) (offset & PAGE_MASK);
            int n = Math.min(size, PAGE_SIZE - inPage);
            byte[] page = dirtyPage(offset);
            if (page != null) {
                System.arraycopy(page, inPage, bytes, bytesPos, n);
            } else if (offset < fileLength) {
                chunk(offset).get((int) (offset & CHUNK_MASK), bytes, bytesPos, n);
            } else {
                Arrays.fill(bytes, bytesPos, bytesPos + n, (byte) 0);
            }
            offset += n;
            bytesPos += n;
            size -= n;
        }
    }

    @Override
    public DataInput2 getDataInput(long offset, int size) {
        if (offset + size <= fileLength && (offset & CHUNK_MASK) + size <= CHUNK_SIZE && untouched(offset, size)) {
            return new DataInput2.ByteBuffer(chunk(offset), (int) (offset & CHUNK_MASK));
        }
        byte[] bytes = new byte[size];
        getData(offset, bytes, 0, size);
        return new DataInput2.ByteArray(bytes);
    }

    /** True when every page of [offset, offset + size) is read from the file. */
    private boolean untouched(long offset, int size) {
        if (dirty.isEmpty() && journaled.isEmpty()) {
            return true;
        }
        for (long page = offset >>> PAGE_SHIFT; page <= (offset + Math.max(size, 1) - 1) >>> PAGE_SHIFT; page++) {
            if (dirty.get(page) != null || journaled.get(page) != null) {
                return false;
            }
        }
        return true;
    }

    // ---- writing (one thread)

    /**
     * The dirty copy of a page, made when it has none yet from the last commit's copy (which is
     * never changed: the checkpoint writes it as journaled) or else from the file.
     */
    private byte[] pageForWrite(long offset) {
        long index = offset >>> PAGE_SHIFT;
        byte[] page = dirty.get(index);
        if (page == null) {
            byte[] committed = journaled.get(index);
            if (committed != null) {
                page = committed.clone();
            } else {
                page = new byte[PAGE_SIZE];
                long start = index << PAGE_SHIFT;
                if (start < fileLength) {
                    chunk(start).get((int) (start & CHUNK_MASK), page, 0, PAGE_SIZE);
                }
            }
            dirty.put(index, page);
        }
        return page;
    }

    @Override
    public void putLong(long offset, long value) {
        if (inOnePage(offset, 8)) {
            if (notDirty(offset) && getLong(offset) == value) {
                return;
            }
            LONGS.set(pageForWrite(offset), (int) (offset & PAGE_MASK), value);
        } else {
            byte[] bytes = new byte[8];
            LONGS.set(bytes, 0, value);
            putData(offset, bytes, 0, 8);
        }
    }

    @Override
    public void putInt(long offset, int value) {
        if (inOnePage(offset, 4)) {
            if (notDirty(offset) && getInt(offset) == value) {
                return;
            }
            INTS.set(pageForWrite(offset), (int) (offset & PAGE_MASK), value);
        } else {
            byte[] bytes = new byte[4];
            INTS.set(bytes, 0, value);
            putData(offset, bytes, 0, 4);
        }
    }

    @Override
    public void putByte(long offset, byte value) {
        if (notDirty(offset) && getByte(offset) == value) {
            return;
        }
        pageForWrite(offset)[(int) (offset & PAGE_MASK)] = value;
    }

    @Override
    public void putData(long offset, byte[] src, int srcPos, int srcSize) {
        while (srcSize > 0) {
            int inPage = (int) (offset & PAGE_MASK);
            int n = Math.min(srcSize, PAGE_SIZE - inPage);
            System.arraycopy(src, srcPos, pageForWrite(offset), inPage, n);
            offset += n;
            srcPos += n;
            srcSize -= n;
        }
    }

    @Override
    public void putData(long offset, ByteBuffer buf) {
        ByteBuffer source = buf.duplicate();
        while (source.hasRemaining()) {
            int inPage = (int) (offset & PAGE_MASK);
            int n = Math.min(source.remaining(), PAGE_SIZE - inPage);
            source.get(pageForWrite(offset), inPage, n);
            offset += n;
        }
    }

    @Override
    public void clear(long startOffset, long endOffset) {
        long offset = startOffset;
        while (offset < endOffset) {
            int inPage = (int) (offset & PAGE_MASK);
            int n = (int) Math.min(endOffset - offset, PAGE_SIZE - inPage);
            boolean zeroAlready = notDirty(offset) && zeroNow(offset, n);
            if (!zeroAlready) {
                Arrays.fill(pageForWrite(offset), inPage, inPage + n, (byte) 0);
            }
            offset += n;
        }
    }

    /** True when the page of {@code offset} has no copy changed since the last commit. */
    private boolean notDirty(long offset) {
        return dirty.isEmpty() || dirty.get(offset >>> PAGE_SHIFT) == null;
    }

    /** True when [offset, offset + n), inside one page, reads as zeros now. */
    private boolean zeroNow(long offset, int n) {
        byte[] page = dirtyPage(offset);
        if (page == null && offset >= fileLength) {
            return true;
        }
        for (int i = 0; i < n; i++) {
            byte b = page != null ? page[(int) ((offset + i) & PAGE_MASK)] : chunk(offset).get((int) ((offset + i) & CHUNK_MASK));
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void ensureAvailable(long offset) {
        if (offset > requestedLength) {
            requestedLength = offset;
        }
    }

    @Override
    public void truncate(long size) {
        throw new UnsupportedOperationException("the store file never shrinks (MapDB compaction is not used)");
    }

    @Override
    public long length() {
        return Math.max(fileLength, requestedLength);
    }

    // ---- committing

    /**
     * Commits every dirty page: they are appended to the journal, which is synced (first, when the
     * journal has grown past {@value #CHECKPOINT_JOURNAL_BYTES} bytes, a {@link #checkpoint()}
     * empties it). When this returns the commit is durable; its pages wait, unchanged, for a
     * checkpoint, and reads see them meanwhile. On failure the dirty pages stay and the next call
     * tries again.
     */
    @Override
    public void sync() {
        if (journal.size() >= CHECKPOINT_JOURNAL_BYTES) {
            checkpoint();
        }
        if (dirty.isEmpty() && requestedLength <= journaledLength) {
            return;
        }
        long[] indexes = dirty.sortedIndexes();
        byte[][] pages = new byte[indexes.length][];
        long end = requestedLength;
        for (int i = 0; i < indexes.length; i++) {
            pages[i] = dirty.get(indexes[i]);
            end = Math.max(end, (indexes[i] + 1) << PAGE_SHIFT);
        }
        PageJournal.Commit commit = new PageJournal.Commit(sequence + 1,
                Math.max(journaledLength, roundUpToChunk(end)), indexes, pages);
        try {
            faults.before(Stage.JOURNAL, -1);
            journal.append(commit);
        } catch (IOException e) {
            throw new UncheckedIOException("commit to " + file + " failed: " + e.getMessage(), e);
        }
        sequence++;
        for (int i = 0; i < indexes.length; i++) {
            journaled.put(indexes[i], pages[i]); // before the dirty copies go: a reader always finds one
        }
        dirty.clear();
        journaledLength = commit.fileLength();
    }

    /** Bytes of commits in the journal that no checkpoint has written into the file yet. */
    long journalBytes() {
        return journal.size();
    }

    /**
     * Writes the newest image of every page the journal holds into the store file, syncs it, then
     * empties the journal. The storage writer calls this between commits (see the class comment);
     * {@link #sync()} and {@link #close()} call it when it is due. A failure leaves the commits in
     * the journal (a restart replays them) and the next call tries again.
     */
    void checkpoint() {
        if (journal.size() == 0 && journaled.isEmpty()) {
            return;
        }
        long[] indexes = journaled.sortedIndexes();
        byte[][] pages = new byte[indexes.length][];
        for (int i = 0; i < indexes.length; i++) {
            pages[i] = journaled.get(indexes[i]);
        }
        try {
            writePages(journaledLength, indexes, pages);
            mapUpTo(journaledLength);
        } catch (IOException e) {
            throw new UncheckedIOException("writing commits into " + file + " failed: " + e.getMessage(), e);
        }
        fileLength = Math.max(fileLength, journaledLength);
        journaled.clear();
        try {
            journal.clear();
        } catch (IOException e) {
            throw new UncheckedIOException("emptying the journal " + journal.path() + " failed: " + e.getMessage(), e);
        }
    }

    /** Writes pages into the store file at their places, grown to {@code length}, and syncs it. */
    private void writePages(long length, long[] indexes, byte[][] pages) throws IOException {
        if (channel.size() < length) {
            channel.write(ByteBuffer.allocate(1), length - 1);
        }
        for (int i = 0; i < indexes.length; i++) {
            faults.before(Stage.STORE_FILE, i);
            ByteBuffer source = ByteBuffer.wrap(pages[i]);
            long position = indexes[i] << PAGE_SHIFT;
            while (source.hasRemaining()) {
                position += channel.write(source, position);
            }
        }
        faults.before(Stage.STORE_FILE, indexes.length);
        channel.force(false);
    }

    /**
     * Closes the file without committing: dirty pages are dropped, as in a crash. The last
     * commit is written into the file if it is still due, and then the journal is emptied, so
     * the next open has nothing to replay.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            checkpoint();
            journal.clear();
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing " + file + " with its last commit in the journal "
                    + journal.path() + " (replayed at the next open): " + e.getMessage());
        }
        MappedByteBuffer[] mapped = chunks;
        chunks = new MappedByteBuffer[0];
        fileLength = 0;
        for (MappedByteBuffer chunk : mapped) {
            unmap(chunk);
        }
        closeQuietly(journal);
        try {
            lock.release();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot release the lock on " + file + ": " + e.getMessage());
        }
        closeQuietly(channel);
    }

    private static void unmap(MappedByteBuffer buffer) {
        if (CleanerUtil.UNMAP_SUPPORTED) {
            try {
                CleanerUtil.freeBuffer(buffer);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot unmap a store chunk: " + e.getMessage());
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "close failed: " + e.getMessage());
        }
    }

    @Override
    public int sliceSize() {
        return -1;
    }

    @Override
    public boolean isSliced() {
        return false;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public File getFile() {
        return file.toFile();
    }

    @Override
    public boolean getFileLocked() {
        return true;
    }
}
