package dev.hotpath.collector.ingest;

import dev.hotpath.collector.stats.AgentStatsReport;
import dev.hotpath.collector.trace.Span;
import java.util.List;
import java.util.Map;

/** Where decoded input goes. Implemented by the collector's pipeline. */
public interface IngestSink {
    void acceptSpans(List<Span> spans);

    /**
     * Spans of an accepted OTLP body (its format, {@link IngestJournal#PROTOBUF} or {@link IngestJournal#JSON}, and bytes):
     * the sink makes them durable before the request is answered, or refuses it.
     */
    default void acceptSpans(List<Span> spans, byte format, byte[] body) throws RejectedRequest {
        acceptSpans(spans);
    }

    void acceptStats(AgentStatsReport report);

    /** One JFR file; a chunk that cannot be parsed is refused with a reason (and counted by the sink). */
    default void acceptJfr(dev.hotpath.collector.jfr.ChunkMeta meta, byte[] jfr) throws RejectedRequest {
        throw new RejectedRequest(404, "not_found", "this collector takes no JFR");
    }

    /** Small status for {@code GET /health}. */
    Map<String, Object> health();
}
