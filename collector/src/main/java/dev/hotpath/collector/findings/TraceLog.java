package dev.hotpath.collector.findings;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hotpath.collector.trace.Endpoint;
import dev.hotpath.collector.trace.Span;
import dev.hotpath.collector.trace.Trace;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
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
    private long bytes;

    /** Appends to DIR/traces.jsonl up to maxBytes on disk (a long canary must not fill the disk). */
    public TraceLog(Path runDir, long maxBytes) throws IOException {
        this.channel = FileChannel.open(runDir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        this.maxBytes = maxBytes;
        this.bytes = channel.size();
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
