package dev.sluice.store.mapdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The redo journal of a {@link JournaledVolume}: one file that holds the full new image of every
 * page each commit changes, written and synced before any of those pages is written into the
 * store file. Commits are appended one record after another until a checkpoint has written their
 * pages into the store file; then the journal is emptied ({@link #clear}) and starts again. A
 * commit record is valid only when its trailer's CRC-32C matches everything before it and its
 * sequence number follows the record before it, so a torn or half-written last record (the process
 * died while writing it) is recognised and ignored, and so are the remains of older records behind
 * a newer one (left when the emptying of the journal did not reach the disk before a crash).
 *
 * <p>Record layout (big-endian):
 * <pre>
 *   int  magic "SLJ1"      int  page size
 *   long sequence          long store file length after the commit
 *   int  page count
 *   page count x (long page index, page size bytes)
 *   int  CRC-32C of all the bytes above
 *   long sequence again    (the commit mark)
 * </pre>
 * Replaying a valid record writes its pages at their places and is idempotent, so a crash during
 * a replay is repaired by the next one.
 *
 * <p>Threading: not thread-safe; owned by the volume's writing thread (and by the opening thread
 * before that).
 */
final class PageJournal implements AutoCloseable {
    static final int MAGIC = 0x534C4A31;
    static final int HEADER_BYTES = 28;
    static final int TRAILER_BYTES = 12;

    private final Path path;
    private final FileChannel channel;
    private final int pageSize;
    private ByteBuffer buffer;
    /** Where the next record goes: the bytes of the records appended since the last clear. */
    private long end;

    private PageJournal(Path path, FileChannel channel, int pageSize) {
        this.path = path;
        this.channel = channel;
        this.pageSize = pageSize;
        this.buffer = ByteBuffer.allocateDirect(HEADER_BYTES + TRAILER_BYTES + 16 * (8 + pageSize));
    }

    static PageJournal open(Path path, int pageSize) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new PageJournal(path, channel, pageSize);
    }

    Path path() {
        return path;
    }

    /** One commit: its pages by index, and the length of the store file after it. */
    record Commit(long sequence, long fileLength, long[] pageIndexes, byte[][] pages) {
    }

    /** Bytes the journal holds: the records appended since it was last emptied. */
    long size() {
        return end;
    }

    /**
     * Appends a commit record and syncs it; when this returns, the commit survives any crash. A
     * failed append leaves the journal as it was (its end does not move), so the next one writes
     * over whatever part of the record reached the file.
     */
    void append(Commit commit) throws IOException {
        int count = commit.pageIndexes().length;
        long size = HEADER_BYTES + TRAILER_BYTES + (long) count * (8 + pageSize);
        if (size > Integer.MAX_VALUE) {
            throw new IOException("a commit of " + count + " pages is too large for the journal");
        }
        ByteBuffer out = room((int) size);
        out.putInt(MAGIC).putInt(pageSize).putLong(commit.sequence()).putLong(commit.fileLength()).putInt(count);
        for (int i = 0; i < count; i++) {
            out.putLong(commit.pageIndexes()[i]).put(commit.pages()[i]);
        }
        CRC32C crc = new CRC32C();
        crc.update(out.duplicate().flip());
        out.putInt((int) crc.getValue()).putLong(commit.sequence());
        out.flip();
        long position = end;
        while (out.hasRemaining()) {
            position += channel.write(out, position);
        }
        channel.force(false);
        end = position;
    }

    private ByteBuffer room(int size) {
        if (buffer.capacity() < size) {
            buffer = ByteBuffer.allocateDirect(Math.max(size, buffer.capacity() * 2));
        }
        buffer.clear();
        return buffer;
    }

    /**
     * The commits the journal holds, in order: every whole record with a right checksum from the
     * start, as long as each sequence number follows the one before; empty for an empty journal.
     */
    List<Commit> readAll() throws IOException {
        List<Commit> commits = new ArrayList<>();
        long position = 0;
        Optional<Commit> next;
        while ((next = read(position)).isPresent()) {
            Commit c = next.get();
            if (!commits.isEmpty() && c.sequence() != commits.get(commits.size() - 1).sequence() + 1) {
                break; // an older record behind a newer one: the journal was emptied and written again
            }
            commits.add(c);
            position += recordBytes(c.pageIndexes().length);
        }
        return commits;
    }

    private long recordBytes(int pages) {
        return HEADER_BYTES + TRAILER_BYTES + (long) pages * (8 + pageSize);
    }

    /**
     * The commit whose record starts at {@code start}, when it is whole and its checksum right;
     * empty past the end and for a record the process did not finish writing.
     */
    private Optional<Commit> read(long start) throws IOException {
        long size = channel.size() - start;
        if (size < HEADER_BYTES + TRAILER_BYTES) {
            return Optional.empty();
        }
        ByteBuffer header = readFully(start, HEADER_BYTES);
        if (header.getInt() != MAGIC || header.getInt() != pageSize) {
            return Optional.empty();
        }
        long sequence = header.getLong();
        long fileLength = header.getLong();
        int count = header.getInt();
        if (count < 0 || recordBytes(count) > size) {
            return Optional.empty();
        }
        CRC32C crc = new CRC32C();
        crc.update(header.flip());
        long[] indexes = new long[count];
        byte[][] pages = new byte[count][];
        long position = start + HEADER_BYTES;
        for (int i = 0; i < count; i++) {
            ByteBuffer entry = readFully(position, 8 + pageSize);
            crc.update(entry.duplicate());
            indexes[i] = entry.getLong();
            pages[i] = new byte[pageSize];
            entry.get(pages[i]);
            position += 8 + pageSize;
        }
        ByteBuffer trailer = readFully(position, TRAILER_BYTES);
        if (trailer.getInt() != (int) crc.getValue() || trailer.getLong() != sequence) {
            return Optional.empty();
        }
        return Optional.of(new Commit(sequence, fileLength, indexes, pages));
    }

    private ByteBuffer readFully(long position, int length) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(length);
        while (in.hasRemaining()) {
            if (channel.read(in, position + in.position()) < 0) {
                throw new IOException("the journal " + path + " ended early");
            }
        }
        return in.flip();
    }

    /**
     * Empties the journal once every commit in it is in the store file (after a checkpoint, a
     * replay, a clean close).
     */
    void clear() throws IOException {
        channel.truncate(0);
        end = 0; // whether or not the sync below reaches the disk, new records start at 0
        channel.force(true);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
