package dev.hotpath.collector.ingest;

import dev.hotpath.collector.findings.OwnerOnly;
import dev.hotpath.collector.stats.CollectorCounters;
import dev.hotpath.collector.trace.Span;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.zip.CRC32;

/**
 * Spans the collector has answered 200 for but not yet written to {@code traces.jsonl} (their trace is still being
 * assembled) live only in memory; this journal keeps them on disk too, so a crashed collector (kill -9) loses
 * nothing it acknowledged. Each accepted OTLP body is appended, before the answer, to the current segment
 * {@code <out>/journal/segment-<n>.bin} as one record: length, CRC-32, format, body. Segments rotate at every sweep;
 * a closed segment is deleted once none of its traces is in flight any more (they were written, or shed and
 * counted). On start, the segments left by a crash are read back (a record cut by the crash fails its length or
 * CRC and is ignored: it was never acknowledged) and replayed. Written with plain writes (the OS page cache
 * survives the process); closed segments are forced to disk, the open one is not: a machine crash may lose the
 * last sweep interval (250 ms by default). Its size is bounded ({@code maxJournalBytes}): a trace that stays in
 * assembly pins its segment and every later one, so when the journal is full new bodies are refused (the caller
 * answers 503, retryable, counted) until assembly lets segments go; nothing is acknowledged without its record.
 */
public final class IngestJournal implements Closeable {
    public static final String DIR_NAME = "journal";
    public static final byte PROTOBUF = 0;
    public static final byte JSON = 1;
    private static final int HEADER = 9;
    private static final int MAX_RECORD = 256 << 20;

    private final Path dir;
    private final CollectorCounters counters;
    private final long maxBytes;
    private long bytes; // closed and current segments' records (the previous process's are replayed into these)
    private final List<Path> recovered;
    private final Deque<Segment> closed = new ArrayDeque<>();
    private Segment current;
    private long nextIndex;

    /** Opens the journal directory; segments found there (a previous process's) are kept for {@link #recover()}. */
    public IngestJournal(Path outDir, long maxBytes, CollectorCounters counters) throws IOException {
        this.dir = outDir.resolve(DIR_NAME);
        this.maxBytes = maxBytes;
        this.counters = counters;
        OwnerOnly.createDirectories(dir);
        TreeMap<Long, Path> found = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "segment-*.bin")) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                try {
                    found.put(Long.parseLong(n.substring("segment-".length(), n.length() - ".bin".length())), p);
                } catch (NumberFormatException e) {
                    // not ours: left alone
                }
            }
        }
        this.recovered = new ArrayList<>(found.values());
        this.nextIndex = found.isEmpty() ? 0 : found.lastKey() + 1;
        this.current = open();
    }

    /** One accepted body, as its format and bytes. */
    public record Entry(byte format, byte[] body) {
        /** The spans of the body; it was accepted once, so a failure here means the journal was damaged. */
        public List<Span> decode() throws RejectedRequest {
            return format == JSON ? OtlpJsonDecoder.decode(body) : OtlpProtobufDecoder.decode(body);
        }
    }

    /** The bodies a previous process journaled and had not finished with, oldest first; torn records are skipped, counted. */
    public List<Entry> recover() throws IOException {
        List<Entry> out = new ArrayList<>();
        for (Path p : recovered) {
            ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(p));
            while (buf.remaining() > 0) {
                if (buf.remaining() < HEADER) {
                    counters.increment("journal.torn_records");
                    break;
                }
                int length = buf.getInt();
                int crc = buf.getInt();
                byte format = buf.get();
                if (length < 0 || length > MAX_RECORD || length > buf.remaining() || (format != PROTOBUF && format != JSON)) {
                    counters.increment("journal.torn_records");
                    break;
                }
                byte[] body = new byte[length];
                buf.get(body);
                if (crc(format, body) != crc) {
                    counters.increment("journal.torn_records");
                    break;
                }
                out.add(new Entry(format, body));
            }
        }
        return out;
    }

    /** Deletes the previous process's segments once their content was replayed (and journaled again). */
    public void deleteRecovered() throws IOException {
        for (Path p : recovered) {
            Files.deleteIfExists(p);
        }
        recovered.clear();
    }

    /** Whether a new body of this size fits under {@code maxJournalBytes} (replayed bodies are appended regardless). */
    public synchronized boolean hasRoomFor(int bodyLength) {
        return bytes + HEADER + bodyLength <= maxBytes;
    }

    /** The bytes the journal holds on disk now. */
    public synchronized long bytes() {
        return bytes;
    }

    /** Appends one accepted body; the caller answers only after this returns. */
    public synchronized void append(byte format, byte[] body, List<Span> spans) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(HEADER + body.length);
        buf.putInt(body.length).putInt(crc(format, body)).put(format).put(body).flip();
        while (buf.hasRemaining()) {
            current.channel.write(buf);
        }
        current.bytes += HEADER + body.length;
        bytes += HEADER + body.length;
        for (Span s : spans) {
            current.traceIds.add(s.traceId());
        }
        counters.increment("journal.records");
    }

    /**
     * Closes the current segment and opens the next. The caller guarantees that every append to the closed
     * segment has reached the assembler (so {@link #prune} sees its traces in flight).
     */
    public synchronized void rotate() throws IOException {
        if (current.traceIds.isEmpty()) {
            return;
        }
        current.channel.force(false);
        current.channel.close();
        closed.addLast(current);
        current = open();
    }

    /** Deletes closed segments none of whose traces is still in flight (oldest first, in order). */
    public synchronized void prune(Predicate<String> inFlight) throws IOException {
        while (!closed.isEmpty()) {
            Segment s = closed.peekFirst();
            s.traceIds.removeIf(id -> !inFlight.test(id));
            if (!s.traceIds.isEmpty()) {
                return;
            }
            Files.deleteIfExists(s.path);
            closed.removeFirst();
            bytes -= s.bytes;
        }
    }

    /** After the final flush wrote every trace: nothing is pending, the journal and its directory are removed. */
    public synchronized void closeAndDiscard() throws IOException {
        close();
        for (Segment s : closed) {
            Files.deleteIfExists(s.path);
        }
        closed.clear();
        Files.deleteIfExists(current.path);
        try {
            Files.deleteIfExists(dir); // a clean stop leaves no trace of the journal in the run directory
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // someone else's files: left alone
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (current.channel.isOpen()) {
            current.channel.close();
        }
    }

    private Segment open() throws IOException {
        Path p = dir.resolve("segment-" + (nextIndex++) + ".bin");
        return new Segment(p, FileChannel.open(p, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OwnerOnly.file()));
    }

    private static int crc(byte format, byte[] body) {
        CRC32 c = new CRC32();
        c.update(format);
        c.update(body);
        return (int) c.getValue();
    }

    private static final class Segment {
        final Path path;
        final FileChannel channel;
        final Set<String> traceIds = new HashSet<>();
        long bytes;

        Segment(Path path, FileChannel channel) {
            this.path = path;
            this.channel = channel;
        }
    }
}
