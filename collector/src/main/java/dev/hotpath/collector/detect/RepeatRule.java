package dev.hotpath.collector.detect;

import dev.hotpath.collector.trace.Span;
import dev.hotpath.collector.trace.Trace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What makes calls an N+1: at least {@code minRepeats} spans with one key under one parent, running
 * one after another. Shared by the SQL and the HTTP N+1 detectors (and used by the slow-dependency
 * detector to leave N+1 calls to the N+1 finding); only the key differs.
 */
public record RepeatRule(int minRepeats, long overlapToleranceNanos, double maxOverlapShare) {

    /** The qualifying calls of one key in one request, all qualifying parent groups combined. */
    public record Repeated(String key, String parentSpanName, List<Span> spans, long unionNanos) {
        public int repeats() {
            return spans.size();
        }

        public Span first() {
            return spans.get(0);
        }
    }

    /** Sequential when at most {@code maxOverlapShare} of the spans start before an earlier one ended. */
    public boolean isSequential(List<Span> group) {
        int overlaps = Intervals.overlaps(group, overlapToleranceNanos);
        return overlaps <= maxOverlapShare * (group.size() - 1);
    }

    /** One entry per key with at least one qualifying parent group; {@code keyOf} returns null for spans to ignore. */
    public List<Repeated> repeatedIn(Trace trace, Function<Span, String> keyOf) {
        Map<String, Map<String, List<Span>>> byKeyThenParent = new LinkedHashMap<>();
        for (Span s : trace.spans()) {
            String key = keyOf.apply(s);
            if (key != null) {
                byKeyThenParent.computeIfAbsent(key, k -> new LinkedHashMap<>())
                        .computeIfAbsent(String.valueOf(s.parentSpanId()), k -> new ArrayList<>()).add(s);
            }
        }
        List<Repeated> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<Span>>> byKey : byKeyThenParent.entrySet()) {
            List<Span> qualifying = new ArrayList<>();
            String parentName = null;
            for (Map.Entry<String, List<Span>> group : byKey.getValue().entrySet()) {
                List<Span> g = group.getValue();
                if (g.size() >= minRepeats && isSequential(g)) {
                    qualifying.addAll(g);
                    if (parentName == null) {
                        parentName = nameOf(trace, group.getKey());
                    }
                }
            }
            if (!qualifying.isEmpty()) {
                out.add(new Repeated(byKey.getKey(), parentName, qualifying, Intervals.unionNanos(qualifying)));
            }
        }
        return out;
    }

    /** The name of the span with this id (only for qualifying groups, so a scan beats indexing every trace). */
    private static String nameOf(Trace trace, String spanId) {
        for (Span s : trace.spans()) {
            if (s.spanId().equals(spanId)) {
                return s.name();
            }
        }
        return null;
    }
}
