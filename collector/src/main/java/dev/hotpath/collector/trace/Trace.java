package dev.hotpath.collector.trace;

import java.util.List;

/**
 * A completed local trace: its spans sorted by start time and its local root (the SERVER span whose
 * parent is not in the trace; for traces that never got one, the earliest parentless span).
 *
 * @param rootSeen      false when the trace was finalized without a proper local root (timeout/flush)
 * @param spansDropped  spans shed because the trace exceeded the per-trace limit
 */
public record Trace(String traceId, List<Span> spans, Span root, boolean rootSeen, int spansDropped) {

    public Trace {
        spans = List.copyOf(spans);
    }

    public String service() {
        return root.service();
    }

    public Endpoint endpoint() {
        return SpanNormalizer.endpointOf(root);
    }

    public long startEpochNanos() {
        return root.startEpochNanos();
    }

    public long durationNanos() {
        return root.durationNanos();
    }

    public boolean error() {
        return root.error();
    }
}
