package dev.hotpath.collector.findings;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hotpath.collector.trace.Endpoint;
import dev.hotpath.collector.trace.Span;
import dev.hotpath.collector.trace.Trace;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;

/**
 * traces.jsonl: every completed kept trace, one line each, so any trace id in a finding resolves.
 * Each line goes out in one write on an append-mode channel, so concurrent readers and a crash
 * never see half a line interleaved with another.
 */
public final class TraceLog implements Closeable {
    public static final String FILE_NAME = "traces.jsonl";
    private final FileChannel channel;
    private final long maxBytes;
    private final long repairedBytes;
    private long bytes;

    /**
     * Appends to DIR/traces.jsonl up to maxBytes on disk (a long canary must not fill the disk). A last line without
     * its newline (a process killed in the middle of a write) is cut off first, so the file stays one JSON object a
     * line: that trace had been analysed, and its spans are still in the ingest journal, which replays them.
     */
    public TraceLog(Path runDir, long maxBytes) throws IOException {
        Path file = runDir.resolve(FILE_NAME);
        this.repairedBytes = cutTornLastLine(file);
        this.channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), OwnerOnly.file());
        this.maxBytes = maxBytes;
        this.bytes = channel.size();
    }

    /** Bytes removed when the file was opened (a torn last line), 0 when it was whole. */
    public long repairedBytes() {
        return repairedBytes;
    }

    private static long cutTornLastLine(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long end = size;
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            while (end > 0) {
                int n = (int) Math.min(buf.capacity(), end);
                buf.clear().limit(n);
                ch.read(buf, end - n);
                for (int i = n - 1; i >= 0; i--) {
                    if (buf.get(i) == '\n') {
                        long keep = end - n + i + 1;
                        if (keep < size) {
                            ch.truncate(keep);
                        }
                        return size - keep;
                    }
                }
                end -= n;
            }
            ch.truncate(0);
            return size;
        }
    }

    /** Which of these trace ids have a line in DIR/traces.jsonl (each line starts with its traceId). */
    public static Set<String> traceIdsAmong(Path runDir, Set<String> ids) throws IOException {
        Path file = runDir.resolve(FILE_NAME);
        Set<String> found = new HashSet<>();
        if (!Files.exists(file)) {
            return found;
        }
        String prefix = "{\"traceId\":\"";
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                int end = line.indexOf('"', prefix.length());
                if (line.startsWith(prefix) && end > 0) {
                    String id = line.substring(prefix.length(), end);
                    if (ids.contains(id)) {
                        found.add(id);
                    }
                }
            }
        }
        return found;
    }

    /** Returns false, writing nothing, when the line would pass the bound. */
    public synchronized boolean append(Trace trace) throws IOException {
        byte[] line = FindingsWriter.line(toRecord(trace));
        if (bytes + line.length > maxBytes) {
            return false;
        }
        ByteBuffer buf = ByteBuffer.wrap(line);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        bytes += line.length;
        return true;
    }

    public synchronized void force() throws IOException {
        channel.force(false);
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel.isOpen()) {
            channel.force(false);
            channel.close();
        }
    }

    static TraceRecord toRecord(Trace t) {
        List<SpanRecord> spans = new ArrayList<>(t.spans().size());
        for (Span s : t.spans()) {
            spans.add(new SpanRecord(s.spanId(), s.parentSpanId(), s.name(), s.kind().name(), s.type().wireName(),
                    s.service(), s.startEpochNanos(), s.endEpochNanos(), s.error() ? "ERROR" : "OK", s.attributes()));
        }
        Endpoint e = t.endpoint();
        return new TraceRecord(t.traceId(), t.service(), new EndpointRecord(e.method(), e.route()), t.startEpochNanos(),
                t.durationNanos(), t.error(), t.rootSeen(), t.spansDropped(), spans);
    }

    @JsonPropertyOrder({"traceId", "service", "endpoint", "startEpochNanos", "durationNanos", "error"})
    record TraceRecord(String traceId, String service, EndpointRecord endpoint, long startEpochNanos, long durationNanos,
                       boolean error, boolean rootSeen, int spansDropped, List<SpanRecord> spans) {
    }

    record EndpointRecord(String method, String route) {
    }

    record SpanRecord(String spanId, String parentSpanId, String name, String kind, String type, String service,
                      long startEpochNanos, long endEpochNanos, String status, Map<String, Object> attributes) {
    }
}
