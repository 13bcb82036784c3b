package dev.hotpath.collector.detect;

import dev.hotpath.collector.stats.EndpointKey;
import dev.hotpath.collector.trace.Span;
import dev.hotpath.collector.trace.Trace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The bounded state of an N+1 detector: kept-request latency per endpoint and one {@link RepeatPattern}
 * per (service, endpoint, key). Not thread-safe; the detector synchronizes.
 */
final class RepeatPatternTable {

    record Key(EndpointKey endpoint, String key) {
    }

    /** One pattern ready for a finding. */
    record Entry(Key key, RepeatPattern pattern, EndpointLatencies.Latency kept) {
    }

    private final RepeatRule rule;
    private final int maxPatterns;
    private final int sampleCapacity;
    private final EndpointLatencies endpoints;
    private final Map<Key, RepeatPattern> patterns = new LinkedHashMap<>();
    private long shed;

    RepeatPatternTable(RepeatRule rule, int maxPatterns, int sampleCapacity) {
        this.rule = rule;
        this.maxPatterns = maxPatterns;
        this.sampleCapacity = sampleCapacity;
        this.endpoints = new EndpointLatencies(maxPatterns);
    }

    /** Folds one trace in: its endpoint's latency and every key repeated in it; returns the repetitions found. */
    List<RepeatRule.Repeated> add(Trace trace, Function<Span, String> keyOf) {
        if (endpoints.record(trace) == null) {
            shed++;
            return List.of();
        }
        EndpointKey ek = new EndpointKey(trace.service(), trace.endpoint());
        List<RepeatRule.Repeated> found = rule.repeatedIn(trace, keyOf);
        for (RepeatRule.Repeated r : found) {
            Key pk = new Key(ek, r.key());
            RepeatPattern p = patterns.get(pk);
            if (p == null) {
                if (patterns.size() >= maxPatterns) {
                    shed++;
                    continue;
                }
                p = new RepeatPattern(sampleCapacity, pk.hashCode());
                patterns.put(pk, p);
            }
            p.add(trace, r);
        }
        return found;
    }

    List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<Key, RepeatPattern> e : patterns.entrySet()) {
            out.add(new Entry(e.getKey(), e.getValue(), endpoints.get(e.getKey().endpoint())));
        }
        return out;
    }

    /** Patterns and endpoints dropped because a table was full. */
    long shed() {
        return shed;
    }
}
