package dev.hotpath.collector.detect;

/** Evidence a detector can ask for. */
public enum Signal {
    /** Completed, kept traces (all spans). */
    TRACES,
    /** Per-endpoint request counts and latency histograms (agent stats, else traces). */
    ENDPOINT_STATS,
    /** Per-SQL-fingerprint counts and latency histograms. */
    QUERY_STATS,
    /** JFR events (not ingested yet). */
    JFR
}
