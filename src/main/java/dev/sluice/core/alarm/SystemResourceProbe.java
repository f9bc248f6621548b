package dev.sluice.core.alarm;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real probe. Memory is what the Netty allocator that holds message bodies has handed out and
 * not yet got back: for the pooled allocator the bytes pinned by live buffers (bodies in queues,
 * unacknowledged deliveries, outboxes, frames being read or written), otherwise the allocator's
 * used memory. Disk is the usable space of the file system the data directory is on (of its
 * nearest existing parent while it does not exist yet).
 *
 * <p>Why not the heap: message bodies live in Netty's direct buffers, which the heap figures do
 * not show, and heap use after GC only falls after the old generation is collected, so an alarm
 * measured that way could stay on long after consumers had drained the queues. The allocator's
 * count falls the moment the last holder of a body releases it. What it does not see: the heap
 * objects around each message (properties, queue entries, the store's mirror) and bodies read
 * back from the store at recovery, which are plain heap buffers.
 *
 * <p>Threading: thread-safe; the data directory's file store is looked up once it exists and kept
 * (a volatile field: at worst two threads look it up twice).
 */
public final class SystemResourceProbe implements ResourceProbe {
    private final Path dataDir;
    private final ByteBufAllocator allocator;
    private volatile FileStore dataStore;

    /** Watches {@link ByteBufAllocator#DEFAULT}, the allocator the AMQP listener reads into. */
    public SystemResourceProbe(Path dataDir) {
        this(dataDir, ByteBufAllocator.DEFAULT);
    }

    public SystemResourceProbe(Path dataDir, ByteBufAllocator allocator) {
        this.dataDir = dataDir.toAbsolutePath();
        this.allocator = allocator;
    }

    @Override
    public long messageMemoryBytes() {
        if (allocator instanceof PooledByteBufAllocator pooled) {
            return Math.max(0, pooled.pinnedDirectMemory()) + Math.max(0, pooled.pinnedHeapMemory());
        }
        if (allocator instanceof ByteBufAllocatorMetricProvider provider) {
            ByteBufAllocatorMetric metric = provider.metric();
            return Math.max(0, metric.usedDirectMemory()) + Math.max(0, metric.usedHeapMemory());
        }
        return 0;
    }

    @Override
    public long diskFreeBytes() {
        try {
            return fileStore().getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the free space for " + dataDir, e);
        }
    }

    /** The data directory's file store, or its nearest existing parent's while it does not exist. */
    private FileStore fileStore() throws IOException {
        FileStore known = dataStore;
        if (known != null) {
            return known;
        }
        if (Files.exists(dataDir)) {
            dataStore = Files.getFileStore(dataDir);
            return dataStore;
        }
        Path existing = dataDir;
        while (existing.getParent() != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return Files.getFileStore(existing);
    }

    @Override
    public String diskLocation() {
        return dataDir.toString();
    }
}
