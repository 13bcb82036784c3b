package dev.hotpath.collector.detect;

import dev.hotpath.collector.stats.RunStats;
import dev.hotpath.collector.stats.RunWindow;

/** What a detector sees when asked for findings: the run's statistics and its observed window. */
public record DetectionContext(RunStats stats, RunWindow window) {
}
