package dev.hotpath.collector.detect;

import dev.hotpath.collector.jfr.JfrEvidence;
import dev.hotpath.collector.stats.RunStats;
import dev.hotpath.collector.stats.RunWindow;

/** What a detector sees when asked for findings: the run's statistics, its observed window, and the JFR events received. */
public record DetectionContext(RunStats stats, RunWindow window, JfrEvidence jfr) {

    /** Without JFR evidence. */
    public DetectionContext(RunStats stats, RunWindow window) {
        this(stats, window, JfrEvidence.empty());
    }
}
