package dev.hotpath.collector;

import dev.hotpath.collector.ingest.OtlpTraceBodies;
import dev.hotpath.collector.ingest.RejectedRequest;
import dev.hotpath.collector.stats.CollectorCounters;
import dev.hotpath.collector.trace.Span;
import java.io.IOException;
import java.util.List;

/**
 * What {@code POST /v1/traces} does after the socket, for benchmarks: decode, assemble, and (on sweep) the
 * per-trace work of completed traces (traces.jsonl, run statistics, every detector's {@code onTrace}).
 */
public final class IngestPath implements AutoCloseable {
    private final Pipeline pipeline;
    private final CollectorCounters counters = new CollectorCounters();

    public IngestPath(CollectorConfig config) throws IOException {
        this.pipeline = new Pipeline(config, counters);
    }

    /** Decodes one request body and hands its spans to the assembler, as the ingest handler does. */
    public int post(boolean json, byte[] body) throws RejectedRequest {
        List<Span> spans = OtlpTraceBodies.decode(json, body);
        counters.add("received.spans", spans.size());
        pipeline.acceptSpans(spans);
        return spans.size();
    }

    /** The periodic sweep: traces quiet for the configured period complete and reach the detectors. */
    public void sweep() throws IOException {
        pipeline.sweep();
    }

    public int inFlightTraces() {
        return pipeline.inFlightTraces();
    }

    public CollectorCounters counters() {
        return counters;
    }

    @Override
    public void close() throws IOException {
        pipeline.close();
    }
}
