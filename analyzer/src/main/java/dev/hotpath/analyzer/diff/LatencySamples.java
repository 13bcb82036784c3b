package dev.hotpath.analyzer.diff;

import dev.hotpath.analyzer.run.EndpointStats;
import dev.hotpath.analyzer.run.LatencyHistogram;
import dev.hotpath.analyzer.run.Run;
import dev.hotpath.analyzer.run.TraceDigest;

/**
 * What one side of a comparison knows about an endpoint's latency: its whole-run histogram (every request;
 * null in runs from collectors that did not write it) and its kept traces' root durations.
 */
record LatencySamples(LatencyHistogram histogram, double[] keptTraces) {

    /** What a bootstrap interval was computed from. */
    public enum Basis {
        EVERY_REQUEST("requests"),
        KEPT_TRACES("kept traces");

        private final String label;

        Basis(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    static LatencySamples of(Run run, EndpointStats endpoint) {
        double[] traces = endpoint == null ? new double[0] : run.traces().stream()
                .filter(t -> t.endpointName().equals(endpoint.name()) && t.hasServerSpan())
                .mapToDouble(TraceDigest::durationMs).toArray();
        return new LatencySamples(endpoint == null ? null : endpoint.histogram(), traces);
    }

    /** Histograms when both sides have one, else kept traces; null when either side is absent. */
    static Basis commonBasis(LatencySamples before, LatencySamples after) {
        if (before == null || after == null) {
            return null;
        }
        return before.histogram != null && after.histogram != null ? Basis.EVERY_REQUEST : Basis.KEPT_TRACES;
    }

    long size(Basis basis) {
        return basis == Basis.EVERY_REQUEST ? (histogram == null ? 0 : histogram.count()) : keptTraces.length;
    }

    static PercentileBootstrap.Interval difference(Basis basis, LatencySamples before, LatencySamples after, double quantile,
                                                   int resamples, long seed) {
        return basis == Basis.EVERY_REQUEST
                ? PercentileBootstrap.difference(before.histogram, after.histogram, quantile, resamples, seed)
                : PercentileBootstrap.difference(before.keptTraces, after.keptTraces, quantile, resamples, seed);
    }
}
