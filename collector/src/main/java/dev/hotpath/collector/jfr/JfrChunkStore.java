package dev.hotpath.collector.jfr;

import dev.hotpath.collector.findings.OwnerOnly;
import dev.hotpath.collector.stats.CollectorCounters;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Received chunks under {@code <out>/jfr/}, as {@code <kind>-<instance>-<receivedMs>-<seq>.jfr}, each
 * written whole (temp file + rename). Bounded by bytes: beyond the bound the oldest chunks are deleted
 * and counted ({@code jfr.store.deleted}). Thread-safe.
 */
public final class JfrChunkStore {
    private final Path dir;
    private final long maxBytes;
    private final CollectorCounters counters;
    private final Deque<StoredChunk> files = new ArrayDeque<>();
    private long totalBytes;
    private long seq;

    /**
     * A chunk on disk: who sent it and the span of its events (epoch ns; both 0 when unknown).
     */
    public record StoredChunk(Path file, long size, String instance, String kind, long firstNanos, long lastNanos) {

        /** Whether the chunk may hold events between the two instants (unknown spans always may). */
        public boolean overlaps(long fromNanos, long toNanos) {
            return (firstNanos == 0 && lastNanos == 0) || (firstNanos <= toNanos && lastNanos >= fromNanos);
        }
    }

    public JfrChunkStore(Path dir, long maxBytes, CollectorCounters counters) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.counters = counters;
    }

    /** Writes the chunk, then deletes the oldest ones while the store is over its bound; returns the file (null when not kept). */
    public Path store(byte[] jfr, ChunkMeta meta) throws IOException {
        return store(jfr, meta, 0, 0);
    }

    /** As {@link #store(byte[], ChunkMeta)}, remembering the span of the chunk's events for {@link #chunks()}. */
    public synchronized Path store(byte[] jfr, ChunkMeta meta, long firstNanos, long lastNanos) throws IOException {
        if (jfr.length > maxBytes) {
            counters.increment("jfr.store.deleted");
            return null;
        }
        OwnerOnly.createDirectories(dir);
        String name = meta.kind() + "-" + safe(meta.instance()) + "-" + System.currentTimeMillis() + "-" + (seq++) + ".jfr";
        Path tmp = dir.resolve(name + ".tmp");
        Path target = dir.resolve(name);
        Files.deleteIfExists(tmp); // a killed predecessor's
        OwnerOnly.writeNew(tmp, jfr);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        files.addLast(new StoredChunk(target, jfr.length, meta.instance(), meta.kind(), firstNanos, lastNanos));
        totalBytes += jfr.length;
        while (totalBytes > maxBytes && !files.isEmpty()) {
            StoredChunk oldest = files.removeFirst();
            totalBytes -= oldest.size();
            Files.deleteIfExists(oldest.file());
            counters.increment("jfr.store.deleted");
        }
        return target;
    }

    /** The chunks on disk now, oldest first. */
    public synchronized List<StoredChunk> chunks() {
        return List.copyOf(files);
    }

    /** Grows with every chunk stored: readers of {@link #chunks()} redo their work only when it moved. */
    public synchronized long generation() {
        return seq;
    }

    static String safe(String s) {
        String out = s.replaceAll("[^A-Za-z0-9._-]", "_");
        return out.length() > 64 ? out.substring(0, 64) : out;
    }
}
