package dev.hotpath.collector.detect;

import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.stats.EndpointKey;
import dev.hotpath.collector.stats.RunStats;
import dev.hotpath.collector.trace.Trace;
import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Durations of every kept request per endpoint (bounded), for with/without comparisons and volumes. */
final class EndpointLatencies {

    /** Durations of the kept requests of one endpoint. */
    static final class Latency {
        final Histogram durationsMicros = new Histogram(3);
        long count;
        long totalNanos;

        void record(long durationNanos) {
            durationsMicros.recordValue(Math.max(0, durationNanos / 1000));
            count++;
            totalNanos += durationNanos;
        }

        Double p95Ms() {
            return count == 0 ? null : Numbers.ms(durationsMicros.getValueAtPercentile(95));
        }

        /** Percentiles of the kept requests without the given ones; null when none are left or the histograms disagree. */
        Finding.Percentiles without(Histogram affectedMicros) {
            Histogram rest = durationsMicros.copy();
            try {
                rest.subtract(affectedMicros);
                return rest.getTotalCount() == 0 ? null : Numbers.percentiles(rest);
            } catch (RuntimeException e) {
                return null; // histograms disagree (endpoint table shed): better no comparison than a wrong one
            }
        }
    }

    /** The endpoint's volume: agent stats when reported, else the kept traces; requests at least {@code atLeast}. */
    record Volume(long requests, long totalNanos, Double p95Ms, String source) {
    }

    private final Map<EndpointKey, Latency> byEndpoint = new HashMap<>();
    private final int max;

    EndpointLatencies(int max) {
        this.max = max;
    }

    /** Records the trace; null when the table is full and the endpoint new (the caller sheds). */
    Latency record(Trace trace) {
        EndpointKey ek = new EndpointKey(trace.service(), trace.endpoint());
        Latency l = byEndpoint.get(ek);
        if (l == null) {
            if (byEndpoint.size() >= max) {
                return null;
            }
            l = new Latency();
            byEndpoint.put(ek, l);
        }
        l.record(trace.durationNanos());
        return l;
    }

    Latency get(EndpointKey ek) {
        return byEndpoint.get(ek);
    }

    static Volume volume(EndpointKey ek, Latency kept, RunStats stats, long atLeast) {
        RunStats.EndpointVolume v = stats.volume(ek);
        long requests = Math.max(atLeast, v.requests() > 0 ? v.requests() : kept.count);
        long total = v.totalNanos() > 0 ? v.totalNanos() : kept.totalNanos;
        Double p95 = v.p95Ms() != null ? v.p95Ms() : kept.p95Ms();
        return new Volume(requests, total, p95, v.requests() > 0 ? v.source() : "traces");
    }
}
