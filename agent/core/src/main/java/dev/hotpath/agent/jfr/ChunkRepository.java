package dev.hotpath.agent.jfr;

import dev.hotpath.agent.export.AgentCounters;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The bounded disk repository of finished chunks waiting for upload: {@code <dir>/continuous-*.jfr}
 * written here, and {@code <dir>/outbox/<kind>-*.jfr} written by other producers (deep mode). Files
 * appear atomically ({@code .tmp}, then rename). Beyond {@code maxBytes} the oldest files are deleted
 * and counted.
 */
final class ChunkRepository {
    static final String CONTINUOUS = "continuous";
    /** Kinds another producer may drop into the outbox. */
    static final List<String> OUTBOX_KINDS = List.of("deep-wall", "deep-lock", "deep-alloc");

    /** A finished file and the kind it is uploaded as. */
    record Chunk(Path file, String kind, long size, long modifiedMillis) {
    }

    private final Path dir;
    private final Path outbox;
    private final long maxBytes;
    private final AgentCounters counters;

    ChunkRepository(Path dir, long maxBytes, AgentCounters counters) {
        this.dir = dir;
        this.outbox = dir.resolve("outbox");
        this.maxBytes = maxBytes;
        this.counters = counters;
    }

    /** Owner-only (0700) where the file system allows: the chunks hold the app's stacks, routes and trace ids. */
    void create() throws IOException {
        try {
            java.nio.file.attribute.FileAttribute<?> ownerOnly = java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            Files.createDirectories(dir, ownerOnly);
            Files.createDirectories(outbox, ownerOnly);
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(outbox);
        }
    }

    Path dir() {
        return dir;
    }

    /** A fresh temporary file for a chunk being written. */
    Path newTemp(long startMillis) {
        return dir.resolve(CONTINUOUS + "-" + startMillis + ".jfr.tmp");
    }

    /** Publishes a fully written temporary file as {@code continuous-<start>-<end>.jfr}. */
    Path publish(Path temp, long startMillis, long endMillis) throws IOException {
        Path target = dir.resolve(CONTINUOUS + "-" + startMillis + "-" + endMillis + ".jfr");
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /** Finished files, oldest first. */
    List<Chunk> pending() {
        List<Chunk> out = new ArrayList<>();
        collect(dir, out, true);
        collect(outbox, out, false);
        out.sort(Comparator.comparingLong(Chunk::modifiedMillis).thenComparing(c -> c.file().getFileName().toString()));
        return out;
    }

    /** Deletes the oldest files until the repository fits its bound; each one is counted. */
    void enforceBound() {
        List<Chunk> chunks = pending();
        long total = 0;
        for (Chunk c : chunks) {
            total += c.size();
        }
        for (Chunk c : chunks) {
            if (total <= maxBytes) {
                break;
            }
            if (delete(c.file())) {
                total -= c.size();
                counters.increment(AgentCounters.JFR_CHUNKS_DROPPED_DISK_LIMIT);
            }
        }
    }

    static boolean delete(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            return false;
        }
    }

    /** The kind of a file name, or null when it is not ours to upload. */
    static String kindOf(String fileName, boolean continuousDir) {
        if (!fileName.endsWith(".jfr")) {
            return null;
        }
        if (continuousDir) {
            return fileName.startsWith(CONTINUOUS + "-") ? CONTINUOUS : null;
        }
        for (String kind : OUTBOX_KINDS) {
            if (fileName.startsWith(kind + "-")) {
                return kind;
            }
        }
        return null;
    }

    private static void collect(Path d, List<Chunk> out, boolean continuousDir) {
        if (!Files.isDirectory(d)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(d)) {
            for (Path f : files) {
                String kind = kindOf(f.getFileName().toString(), continuousDir);
                if (kind != null && Files.isRegularFile(f)) {
                    try {
                        out.add(new Chunk(f, kind, Files.size(f), Files.getLastModifiedTime(f).toMillis()));
                    } catch (IOException ignored) {
                        // deleted meanwhile
                    }
                }
            }
        } catch (IOException ignored) {
            // directory gone: nothing pending
        }
    }
}
