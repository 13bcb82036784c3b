package dev.hotpath.collector.jfr;

import dev.hotpath.collector.stats.CollectorCounters;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Received chunks under {@code <out>/jfr/}, as {@code <kind>-<instance>-<receivedMs>-<seq>.jfr}, each
 * written whole (temp file + rename). Bounded by bytes: beyond the bound the oldest chunks are deleted
 * and counted ({@code jfr.store.deleted}). Thread-safe.
 */
public final class JfrChunkStore {
    private final Path dir;
    private final long maxBytes;
    private final CollectorCounters counters;
    private final Deque<Stored> files = new ArrayDeque<>();
    private long totalBytes;
    private long seq;

    private record Stored(Path file, long size) {
    }

    public JfrChunkStore(Path dir, long maxBytes, CollectorCounters counters) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.counters = counters;
    }

    /** Writes the chunk, then deletes the oldest ones while the store is over its bound; returns the file (null when not kept). */
    public synchronized Path store(byte[] jfr, ChunkMeta meta) throws IOException {
        if (jfr.length > maxBytes) {
            counters.increment("jfr.store.deleted");
            return null;
        }
        Files.createDirectories(dir);
        String name = meta.kind() + "-" + safe(meta.instance()) + "-" + System.currentTimeMillis() + "-" + (seq++) + ".jfr";
        Path tmp = dir.resolve(name + ".tmp");
        Path target = dir.resolve(name);
        Files.write(tmp, jfr);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        files.addLast(new Stored(target, jfr.length));
        totalBytes += jfr.length;
        while (totalBytes > maxBytes && !files.isEmpty()) {
            Stored oldest = files.removeFirst();
            totalBytes -= oldest.size();
            Files.deleteIfExists(oldest.file());
            counters.increment("jfr.store.deleted");
        }
        return target;
    }

    static String safe(String s) {
        String out = s.replaceAll("[^A-Za-z0-9._-]", "_");
        return out.length() > 64 ? out.substring(0, 64) : out;
    }
}
