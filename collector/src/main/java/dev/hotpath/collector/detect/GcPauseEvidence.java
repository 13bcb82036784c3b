package dev.hotpath.collector.detect;

import java.util.List;

/** Kind-specific evidence of a GC-pause finding: pauses overlapping the endpoint's requests, slow vs fast. */
public record GcPauseEvidence(long pauses, double pauseMsTotal, double longestPauseMs, long jfrRequests, double slowThresholdMs,
                              Group slow, Group fast, List<String> collectors) {

    /** Requests of one latency band: how many, the share overlapped by a pause, pause time / their time. */
    public record Group(long requests, double shareWithPause, double pauseShareOfTime) {
    }
}
