package dev.hotpath.collector.stats;

import java.time.Instant;

/** The observed time window of a run, from the earliest to the latest data point (epoch ms). */
public record RunWindow(long startMs, long endMs) {

    public Instant start() {
        return Instant.ofEpochMilli(startMs);
    }

    public Instant end() {
        return Instant.ofEpochMilli(endMs);
    }

    /** Window length in minutes, never less than one second so rates stay finite. */
    public double minutes() {
        return Math.max(1000, endMs - startMs) / 60_000.0;
    }
}
