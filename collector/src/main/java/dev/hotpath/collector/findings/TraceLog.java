package dev.hotpath.collector.findings;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.hotpath.collector.trace.Endpoint;
import dev.hotpath.collector.trace.Span;
import dev.hotpath.collector.trace.Trace;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;

/**
 * traces.jsonl: every completed kept trace, one line each, so any trace id in a finding resolves.
 * Whole lines go out together in one write on an append-mode channel (the lines of one sweep, or 256 KiB),
 * so concurrent readers and a crash never see half a line interleaved with another.
 */
public final class TraceLog implements Closeable {
    public static final String FILE_NAME = "traces.jsonl";
    private final FileChannel channel;
    private static final int MAX_KEPT_BUFFER = 1 << 20;
    private static final int WRITE_AT_BYTES = 256 * 1024;
    private final long maxBytes;
    private final long repairedBytes;
    private long bytes;
    private LineBuffer lines = new LineBuffer(); // complete lines not yet written

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

    /**
     * Adds the trace's line to the pending lines (written by {@link #writePending()}, {@link #force()} or
     * {@link #close()}); returns false, adding nothing, when the line would pass the bound.
     */
    public synchronized boolean append(Trace trace) throws IOException {
        int mark = lines.size();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(lines)) {
            write(g, trace);
        } catch (IOException | RuntimeException e) {
            lines.truncate(mark); // no half line left behind
            throw e;
        }
        lines.write('\n');
        if (bytes + lines.size() > maxBytes) {
            lines.truncate(mark);
            return false;
        }
        if (lines.size() >= WRITE_AT_BYTES) {
            writePending();
        }
        return true;
    }

    /** Writes the pending lines in one write: whole lines only, one system call for a sweep's traces. */
    public synchronized void writePending() throws IOException {
        if (lines.size() == 0) {
            return;
        }
        ByteBuffer buf = lines.buffer();
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        bytes += lines.size();
        lines.reset();
        if (lines.capacity() > MAX_KEPT_BUFFER) {
            lines = new LineBuffer(); // one huge trace must not pin its buffer for the rest of the run
        }
    }

    /**
     * One trace as a JSON object, written field by field (the per-trace cost of ingest: a databind round through
     * record objects cost a third of it): traceId, service, endpoint {method, route}, startEpochNanos,
     * durationNanos, error, rootSeen, spansDropped, spans [{spanId, parentSpanId, name, kind, type, service,
     * startEpochNanos, endEpochNanos, status, attributes}].
     */
    static void write(JsonGenerator g, Trace t) throws IOException {
        Endpoint e = t.endpoint();
        g.writeStartObject();
        g.writeStringField("traceId", t.traceId());
        g.writeStringField("service", t.service());
        g.writeObjectFieldStart("endpoint");
        g.writeStringField("method", e.method());
        g.writeStringField("route", e.route());
        g.writeEndObject();
        g.writeNumberField("startEpochNanos", t.startEpochNanos());
        g.writeNumberField("durationNanos", t.durationNanos());
        g.writeBooleanField("error", t.error());
        g.writeBooleanField("rootSeen", t.rootSeen());
        g.writeNumberField("spansDropped", t.spansDropped());
        g.writeArrayFieldStart("spans");
        for (Span s : t.spans()) {
            g.writeStartObject();
            g.writeStringField("spanId", s.spanId());
            g.writeStringField("parentSpanId", s.parentSpanId());
            g.writeStringField("name", s.name());
            g.writeStringField("kind", s.kind().name());
            g.writeStringField("type", s.type().wireName());
            g.writeStringField("service", s.service());
            g.writeNumberField("startEpochNanos", s.startEpochNanos());
            g.writeNumberField("endEpochNanos", s.endEpochNanos());
            g.writeStringField("status", s.error() ? "ERROR" : "OK");
            g.writeObjectFieldStart("attributes");
            for (Map.Entry<String, Object> a : s.attributes().entrySet()) {
                g.writeFieldName(a.getKey());
                Object v = a.getValue();
                if (v instanceof String str) {
                    g.writeString(str);
                } else if (v instanceof Long l) {
                    g.writeNumber(l);
                } else if (v instanceof Boolean b) {
                    g.writeBoolean(b);
                } else {
                    g.writeObject(v); // doubles, lists, nested maps: the mapper's own rules
                }
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** A reusable line buffer whose bytes go to the channel without a copy. */
    private static final class LineBuffer extends ByteArrayOutputStream {
        LineBuffer() {
            super(64 * 1024);
        }

        void truncate(int size) {
            count = size;
        }

        ByteBuffer buffer() {
            return ByteBuffer.wrap(buf, 0, count);
        }

        int capacity() {
            return buf.length;
        }
    }

    public synchronized void force() throws IOException {
        writePending();
        channel.force(false);
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel.isOpen()) {
            writePending();
            channel.force(false);
            channel.close();
        }
    }
}
