package dev.hotpath.collector.ingest;

import dev.hotpath.collector.stats.AgentStatsReport;
import dev.hotpath.collector.trace.Span;
import java.util.List;
import java.util.Map;

/** Where decoded input goes. Implemented by the collector's pipeline. */
public interface IngestSink {
    void acceptSpans(List<Span> spans);

    void acceptStats(AgentStatsReport report);

    /** Small status for {@code GET /health}. */
    Map<String, Object> health();
}
